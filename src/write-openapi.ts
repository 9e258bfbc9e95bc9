import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from './app.factory';
import { buildOpenApiDocument } from './openapi/openapi-document';

/** `npm run openapi`: writes openapi/oneroster-v1p1.json, which a test keeps equal to what the server serves. */
// Run from dist/ (npm run openapi): the repository root is one level up.
export const OPENAPI_FILE = resolve(__dirname, '..', 'openapi', 'oneroster-v1p1.json');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const app = await createApp({
      env: { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, DEMO_DATA: 'false', LOG_LEVEL: 'silent' },
    });
    writeFileSync(OPENAPI_FILE, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    await app.close();
    process.stdout.write(`Wrote ${OPENAPI_FILE}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
