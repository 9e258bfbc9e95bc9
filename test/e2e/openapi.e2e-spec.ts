import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/test-app';

const COMMITTED = join(__dirname, '..', '..', 'openapi', 'oneroster-v1p1.json');

describe('the OpenAPI document', () => {
  let t: TestApp;
  let served: Record<string, unknown>;
  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.anonymous.get('/openapi.json').expect(200).expect('Content-Type', /json/)).body;
  });
  afterAll(() => t?.close());

  it('is served exactly as committed in openapi/ (run `npm run openapi` after changing a route)', () => {
    expect(served).toEqual(JSON.parse(readFileSync(COMMITTED, 'utf8')));
  });

  it('validates as OpenAPI 3 and lists the token endpoint and all 41 rostering GET operations', async () => {
    const document = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    await SwaggerParser.validate(structuredClone(document));
    const operations = Object.entries(
      document.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method} ${path} ${op.operationId}`),
    );
    expect(operations.filter((op) => op.startsWith('get /ims/oneroster/v1p1/'))).toHaveLength(41);
    expect(operations).toContain('post /oauth/token token');
    expect(document.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe('/oauth/token');
  });
});
