import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLog } from '../../src/audit/access-log.service';
import { ClientsService } from '../../src/auth/clients.service';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { ADMIN, adminAgent } from '../support/admin';
import { FIXTURES } from '../support/bundles';
import { cliOn, jsonOf } from '../support/cli';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor } from '../support/test-app';

/** Pages of /users, two records each (the base fixture has five): offsets 0, 2 and 4. */
const OFFSETS = [0, 2, 4];

describe('the SDS sync monitor', () => {
  let t: TestApp;
  let admin: TestAgent;
  const status = async () => {
    await t.app.get(AccessLog).flush();
    return (await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/sync`).expect(200)).body;
  };
  async function sds(name: string) {
    const credentials = await t.app.get(ClientsService).create(TEST_TENANT, name);
    const token = await tokenFor(t.anonymous, credentials);
    return {
      id: credentials.clientId,
      http: request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${token}`),
    };
  }
  const sweep = async (http: TestAgent, offsets: number[], filter = "status='active'") => {
    for (const offset of offsets) await http.get(`${API}/users`).query({ limit: 2, offset, filter }).expect(200);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'));
    admin = await adminAgent(t);
  });
  afterAll(() => t?.close());

  it('warns before any sweep', async () => {
    expect(await status()).toEqual({
      tenantId: TEST_TENANT,
      lastCompleteFullSweep: null,
      lastDelta: null,
      errorsByStatus: {},
      warning: 'no complete full sweep in the last 26 hours (SDS syncs twice a day)',
      runs: [],
    });
  });

  it('shows a sweep that stops one page early as incomplete, and keeps warning', async () => {
    const early = await sds('stops early');
    await sweep(early.http, OFFSETS.slice(0, -1));
    const body = await status();
    expect(body.lastCompleteFullSweep).toBeNull();
    expect(body.warning).toMatch(new RegExp(`by ${early.id}, stopped at 4 of 5 users$`));
    expect(body.runs).toEqual([
      expect.objectContaining({
        clientId: early.id,
        kind: 'full',
        complete: false,
        sweeps: [expect.objectContaining({ collection: 'users', pages: 2, records: 4, total: 5, reachedEnd: false })],
      }),
    ]);
  });

  it('shows a full sweep to the last page as complete, then a delta read, and counts errors by status', async () => {
    const full = await sds('full');
    await full.http.get(`${API}/orgs`).expect(200);
    await sweep(full.http, OFFSETS);
    await sweep(full.http, OFFSETS, "dateLastModified>'2000-01-01T00:00:00Z'");
    await full.http.get(`${API}/users?filter=nonsense`).expect(400);
    const body = await status();
    expect(body.warning).toBeNull();
    expect(body.lastCompleteFullSweep).toMatchObject({ clientId: full.id });
    expect(body.lastDelta).toMatchObject({ clientId: full.id, complete: true });
    expect(body.errorsByStatus).toEqual({ 400: 1 });
    expect(body.runs[0]).toMatchObject({
      clientId: full.id,
      kind: 'full',
      complete: true,
      sweeps: [
        expect.objectContaining({ collection: 'orgs', kind: 'full', reachedEnd: true }),
        expect.objectContaining({ collection: 'users', kind: 'full', pages: 3, records: 5, reachedEnd: true }),
        expect.objectContaining({ collection: 'users', kind: 'delta', reachedEnd: true }),
      ],
    });
  });

  it('tenants status prints the same over the CLI', async () => {
    const api = await status();
    const cli = cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'status-cli-')));
    expect(jsonOf(await cli(['tenants', 'status', '--json']))).toEqual([api]);
    const text = await cli(['tenants', 'status']);
    expect(text.stdout).toContain(`tenant ${TEST_TENANT}`);
    expect(text.stdout).toContain('last complete full sweep: ');
  });
});
