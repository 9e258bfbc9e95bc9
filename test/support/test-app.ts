import { INestApplication } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/config/clock';
import { ClientsService, IssuedCredentials } from '../../src/auth/clients.service';
import { TOKEN_PATH } from '../../src/oneroster/errors/oauth-error';
import { TenantsService } from '../../src/tenants/tenants.service';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  dataSource: DataSource;
  db: TestDatabase;
  /** HTTP with a bearer token of the test tenant (all orgs in scope) on every request. */
  http: TestAgent;
  /** HTTP with no credentials. */
  anonymous: TestAgent;
  /** The test tenant's client, as `clients create` issued it. */
  credentials: IssuedCredentials;
  close(): Promise<void>;
}

export const TEST_TENANT = 'test-board';

/**
 * The real application on a fresh database of its own (SQLite file, or a PostgreSQL schema), with
 * a tenant covering every org and a token from the real token endpoint.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  logDestination?: DestinationStream,
  clock?: Clock,
): Promise<TestApp> {
  const db = await createTestDatabase();
  const app = await createApp({
    env: { DATABASE_URL: db.url, DEMO_DATA: 'false', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: '', ...env },
    logDestination,
    clock,
  });
  await app.get(TenantsService).create(TEST_TENANT, { name: 'Test board', allOrgs: true });
  const credentials = await app.get(ClientsService).create(TEST_TENANT, 'e2e');
  const anonymous = request.agent(app.getHttpServer());
  return {
    app,
    db,
    dataSource: app.get(DataSource),
    http: request.agent(app.getHttpServer()).set('Authorization', `Bearer ${await tokenFor(anonymous, credentials)}`),
    anonymous,
    credentials,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A token from POST /oauth/token with HTTP Basic client authentication, as SDS gets one. */
export async function tokenFor(
  http: TestAgent,
  credentials: { clientId: string; clientSecret: string },
  scope?: string,
): Promise<string> {
  const res = await http
    .post(TOKEN_PATH)
    .auth(credentials.clientId, credentials.clientSecret)
    .type('form')
    .send({ grant_type: 'client_credentials', ...(scope !== undefined && { scope }) });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

export const API = '/ims/oneroster/v1p1';

/** A response body with the origin taken out of its hrefs: supertest serves each request on a port of its own. */
export function withoutOrigin<T>(body: T): T {
  return JSON.parse(JSON.stringify(body).replace(/http:\/\/127\.0\.0\.1:\d+/g, '')) as T;
}
