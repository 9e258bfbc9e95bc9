import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLogEntity } from '../../src/audit/access-log.entity';
import { AccessLog } from '../../src/audit/access-log.service';
import { ClientsService } from '../../src/auth/clients.service';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { ADMIN, adminAgent } from '../support/admin';
import { FIXTURES } from '../support/bundles';
import { cliOn, jsonOf } from '../support/cli';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor } from '../support/test-app';

describe('the access log (GDPR)', () => {
  let t: TestApp;
  let admin: TestAgent;
  const clients: Record<string, { id: string; http: TestAgent }> = {};
  const flush = () => t.app.get(AccessLog).flush();

  async function client(name: string) {
    const credentials = await t.app.get(ClientsService).create(TEST_TENANT, name);
    const token = await tokenFor(t.anonymous, credentials);
    const http = request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${token}`);
    clients[name] = { id: credentials.clientId, http };
  }

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_LOG_RETENTION_DAYS: '30' });
    await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'));
    admin = await adminAgent(t);
    for (const name of ['sweeper', 'single', 'narrow']) await client(name);
  });
  afterAll(() => t?.close());

  it('answers which clients were served one pupil, and when, whatever fields left of the record', async () => {
    await clients.sweeper.http.get(`${API}/users?limit=2`).expect(200);
    await clients.sweeper.http.get(`${API}/users?limit=2&offset=2`).expect(200);
    await clients.sweeper.http.get(`${API}/users?limit=2&offset=4`).expect(200);
    await clients.single.http.get(`${API}/users/usr-s-1`).expect(200);
    const narrow = await clients.narrow.http.get(`${API}/students?fields=givenName`).expect(200);
    expect(JSON.stringify(narrow.body)).not.toContain('usr-s-');
    await flush();

    const readers = async (sourcedId: string) =>
      (await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/access-log/reads/${sourcedId}`).expect(200)).body.map(
        (read: { clientId: string; route: string }) => [read.clientId, read.route],
      );
    expect(await readers('usr-s-1')).toEqual([
      [clients.sweeper.id, `${API}/users`],
      [clients.single.id, `${API}/users/:id`],
      [clients.narrow.id, `${API}/students`],
    ]);
    expect((await readers('usr-s-3')).map(([id]: string[]) => id)).toEqual([clients.sweeper.id, clients.narrow.id]);
    expect(await readers('usr-nobody')).toEqual([]);
  });

  it('exports the period per tenant over the API and the CLI: when, what, which filter, how many records', async () => {
    await clients.sweeper.http.get(`${API}/orgs?filter=${encodeURIComponent("type='school'")}`).expect(200);
    await flush();
    const rows = (await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/access-log?from=2000-01-01`).expect(200)).body;
    // The export request's own entry is written with the next batch: written now, before the CLI reads the log.
    await flush();
    expect(rows.at(-1)).toMatchObject({
      kind: 'read',
      clientId: clients.sweeper.id,
      method: 'GET',
      path: `${API}/orgs`,
      filter: "type='school'",
      status: 200,
      records: 3,
      total: 3,
      pageOffset: 0,
    });
    expect(rows.at(-1)).not.toHaveProperty('servedIds');
    const cli = cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'audit-cli-')));
    const exported = jsonOf<unknown[]>(
      await cli(['audit', 'export', '--tenant', TEST_TENANT, '--from', '2000-01-01', '--json']),
    );
    // The export over the API is in the log as well, after the rows it answered with.
    expect(exported.slice(0, rows.length)).toEqual(rows);
    expect(exported.slice(rows.length)).toEqual([
      expect.objectContaining({ kind: 'admin', method: 'GET', path: `${ADMIN}/tenants/${TEST_TENANT}/access-log` }),
    ]);
    const csv = await cli(['audit', 'export', '--tenant', TEST_TENANT]);
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,at,kind,tenantId,clientId,method,path,route,filter,status/);
    const none = await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/access-log?to=2000-01-01`).expect(200);
    expect(none.body).toEqual([]);
    await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/access-log?from=yesterday`).expect(400);
  });

  it('records a request whose filter holds a NUL character, and the requests after it (PostgreSQL refuses NUL in text)', async () => {
    await clients.sweeper.http.get(`${API}/orgs?filter=${encodeURIComponent("name='\u0000'")}`);
    await clients.sweeper.http.get(`${API}/orgs?filter=${encodeURIComponent("type='district'")}`).expect(200);
    await flush();
    const rows = (await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/access-log?from=2000-01-01`).expect(200)).body;
    expect(rows.slice(-2).map((row: { filter: string }) => row.filter)).toEqual(["name='\ufffd'", "type='district'"]);
  });

  it('records admin actions: which admin client did what', async () => {
    await admin.patch(`${ADMIN}/tenants/${TEST_TENANT}`).send({ demographicsEnabled: true }).expect(200);
    await flush();
    const rows = (await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/access-log`).expect(200)).body;
    expect(rows).toContainEqual(
      expect.objectContaining({ kind: 'admin', method: 'PATCH', path: `${ADMIN}/tenants/${TEST_TENANT}`, status: 200 }),
    );
  });

  it('prunes what is older than ACCESS_LOG_RETENTION_DAYS', async () => {
    const log = t.dataSource.getRepository(AccessLogEntity);
    const old = {
      ...(await log.findOneByOrFail({ kind: 'read', tenantId: TEST_TENANT })),
      id: 'old-row',
      at: '2001-01-01T00:00:00.000Z',
    };
    await log.insert(old);
    (t.app.get(AccessLog) as unknown as { pruned: number }).pruned = 0;
    await flush();
    expect(await log.existsBy({ id: 'old-row' })).toBe(false);
    expect(await log.count()).toBeGreaterThan(0);
  });
});
