import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { bundleWithStudents } from '../support/bundles';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { TenantsService } from '../../src/tenants/tenants.service';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor } from '../support/test-app';

const LEAVERS = ['u-010', 'u-020', 'u-030', 'u-150'];
const numbered = (from: number, to: number, step: number) =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => `u-${String(from + i * step).padStart(3, '0')}`);

/**
 * SDS pages with offset and limit and stops at a short page; it deactivates whoever a run did not see.
 * An import that lands between two pages must not make the run skip anybody who stays.
 */
describe('a sweep that an import lands in', () => {
  let t: TestApp;
  let importer: BundleImporter;
  beforeAll(async () => {
    t = await startTestApp();
    importer = t.app.get(BundleImporter);
  });
  afterAll(() => t?.close());

  const tenantChange = () => t.app.get(TenantsService).update(TEST_TENANT, { domain: `school-${Date.now()}.example` });

  it('sees every user active before and after exactly once, whatever left or arrived before its position', async () => {
    await expectNoneLost(importer, () => t.http, tenantChange);
  });

  // Several instances share page ends through the database; SQLite is the one-instance default.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'does the same alternating between two instances on one database, a tenant change landing too',
    async () => {
      const second = await createApp({ env: { DATABASE_URL: t.db.url, DEMO_DATA: 'false', LOG_LEVEL: 'silent' } });
      try {
        // One token, signed by the database's key, serves on both instances.
        const bearer = `Bearer ${await tokenFor(t.anonymous, t.credentials)}`;
        const instances = [t.app, second].map((app) => request.agent(app.getHttpServer()).set('Authorization', bearer));
        let turn = 0;
        await expectNoneLost(importer, () => instances[turn++ % 2], tenantChange);
      } finally {
        await second.close();
      }
    },
  );
});

/**
 * A sweep of five-record pages from `agentOf()`, with a bulk import landing after its second page and `laterChange`
 * (e.g. a tenant's settings) after its fourth.
 */
async function expectNoneLost(
  importer: BundleImporter,
  agentOf: () => TestAgent,
  laterChange: () => Promise<unknown> = async () => undefined,
) {
  const before = numbered(10, 300, 10);
  expect((await importer.importBundle(bundleWithStudents(before))).applied).toBe(true);
  const limit = 5;
  const seen: string[] = [];
  const filter = encodeURIComponent("status='active'");
  for (let offset = 0, pages = 0; ; offset += limit, pages++) {
    if (pages === 2) {
      // Past u-100: three leave and one arrives before the position, one leaves and one arrives after it.
      const after = [...before.filter((id) => !LEAVERS.includes(id)), 'u-005', 'u-155'];
      expect((await importer.importBundle(bundleWithStudents(after))).applied).toBe(true);
    }
    if (pages === 4) await laterChange();
    const res = await agentOf().get(`${API}/users?offset=${offset}&limit=${limit}&filter=${filter}`).expect(200);
    const ids = res.body.users.map((user: { sourcedId: string }) => user.sourcedId);
    seen.push(...ids);
    if (ids.length < limit) break;
  }
  const stayed = before.filter((id) => !LEAVERS.includes(id));
  for (const id of stayed) expect(seen.filter((s) => s === id)).toEqual([id]);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toContain('u-155');
  expect(seen).toEqual([...seen].sort());
}
