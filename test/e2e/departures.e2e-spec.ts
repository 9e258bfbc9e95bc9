import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { TenantDepartureEntity } from '../../src/tenancy/tenant-departure.entity';
import { TenantsService } from '../../src/tenants/tenants.service';
import { copyBundle, editCsv } from '../support/bundles';
import { API, startTestApp, TestApp, tokenFor } from '../support/test-app';

type Served = { sourcedId: string; status: string; dateLastModified: string; orgs?: unknown[] };

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The base bundle with these users' orgs replaced. */
function withOrgs(orgsOf: Record<string, string>): string {
  const dir = copyBundle('base');
  editCsv(dir, 'users.csv', (text) =>
    Object.entries(orgsOf).reduce(
      (edited, [user, orgs]) => edited.replace(new RegExp(`^(${user},,,true,)[^,]+,`, 'm'), `$1${orgs},`),
      text,
    ),
  );
  return dir;
}

/**
 * Records leave a tenant's view without being retired: a pupil moves to a school outside its scope, or its scope
 * shrinks. SDS keeps whatever it was not told is gone, so they are served to that tenant as tobedeleted, from the
 * moment they left, until they come back.
 */
describe('records that leave a tenant view', () => {
  let t: TestApp;
  const as: Record<'noord' | 'zuid', TestAgent> = {} as never;
  const tenants = () => t.app.get(TenantsService);
  const importBundle = (dir: string) => t.app.get(BundleImporter).importBundle(dir);
  const one = async (tenant: 'noord' | 'zuid', path: string, key: string) =>
    (await as[tenant].get(`${API}${path}`).expect(200)).body[key] as Served;
  const list = async (tenant: 'noord' | 'zuid', collection: string, filter: string) =>
    (
      (await as[tenant].get(`${API}/${collection}?limit=100&filter=${encodeURIComponent(filter)}`).expect(200)).body[
        collection
      ] as Served[]
    ).map((record) => `${record.sourcedId} ${record.status}`);

  beforeAll(async () => {
    t = await startTestApp();
    expect((await importBundle(copyBundle('base'))).applied).toBe(true);
    for (const [id, orgs] of [
      ['noord', ['org-school-1']],
      ['zuid', ['org-school-2']],
    ] as const) {
      await tenants().create(id, { name: id, orgs: [...orgs] });
      const credentials = await t.app.get(ClientsService).create(id, `${id} client`);
      const token = await tokenFor(t.anonymous, credentials);
      as[id] = request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${token}`);
    }
  });
  afterAll(() => t?.close());

  it('serves a pupil who moved to a school outside the scope as tobedeleted, from when it moved', async () => {
    await tick();
    const before = new Date().toISOString();
    expect((await importBundle(withOrgs({ 'usr-s-2': 'org-school-2' }))).applied).toBe(true);

    const moved = await one('noord', '/users/usr-s-2', 'user');
    expect(moved).toMatchObject({ status: 'tobedeleted', orgs: [] });
    expect(moved.dateLastModified > before).toBe(true);
    expect(await list('noord', 'users', `dateLastModified>'${before}'`)).toEqual(['usr-s-2 tobedeleted']);
    expect(await list('noord', 'users', "status='active'")).not.toContain('usr-s-2 active');
    expect(await list('noord', 'users', "status='tobedeleted'")).toEqual(['usr-s-2 tobedeleted']);
    expect((await one('zuid', '/users/usr-s-2', 'user')).status).toBe('active');
  });

  it('does not serve a move within the scope as a departure', async () => {
    expect((await importBundle(withOrgs({ 'usr-s-2': 'org-school-2', 'usr-s-1': 'org-site-1a' }))).applied).toBe(true);
    expect((await one('noord', '/users/usr-s-1', 'user')).status).toBe('active');
    const departed = await t.dataSource.getRepository(TenantDepartureEntity).findBy({ tenantId: 'noord' });
    expect(departed.map((row) => row.sourcedId)).toEqual(['usr-s-2']);
  });

  it('serves the pupil as active again, with a later dateLastModified, when it moves back', async () => {
    const left = (await one('noord', '/users/usr-s-2', 'user')).dateLastModified;
    await tick();
    expect((await importBundle(copyBundle('base'))).applied).toBe(true);
    const back = await one('noord', '/users/usr-s-2', 'user');
    expect(back.status).toBe('active');
    expect(back.dateLastModified > left).toBe(true);
    expect(await t.dataSource.getRepository(TenantDepartureEntity).countBy({ tenantId: 'noord' })).toBe(0);
  });

  it('serves what a shrinking scope leaves behind as tobedeleted, and as active when the scope grows back', async () => {
    await tick();
    const before = new Date().toISOString();
    await tenants().update('noord', { orgs: ['org-site-1a'] });
    expect((await one('noord', '/orgs/org-school-1', 'org')).status).toBe('tobedeleted');
    expect((await one('noord', '/classes/class-1a-wis', 'class')).status).toBe('tobedeleted');
    expect(await list('noord', 'enrollments', `dateLastModified>'${before}'`)).toEqual([
      'enr-1 tobedeleted',
      'enr-2 tobedeleted',
      'enr-3 tobedeleted',
    ]);
    expect(await list('noord', 'users', "status='active'")).toEqual([]);
    expect(await list('noord', 'users', `dateLastModified>'${before}'`)).toEqual([
      'usr-p-1 tobedeleted',
      'usr-s-1 tobedeleted',
      'usr-s-2 tobedeleted',
      'usr-t-1 tobedeleted',
    ]);
    // The other tenant's view is untouched: usr-s-2 left it when it moved back.
    expect(await list('zuid', 'users', `dateLastModified>'${before}'`)).toEqual([]);

    await tick();
    const shrunk = new Date().toISOString();
    await tenants().update('noord', { orgs: ['org-school-1'] });
    expect(await list('noord', 'users', `dateLastModified>'${shrunk}'`)).toEqual([
      'usr-p-1 active',
      'usr-s-1 active',
      'usr-s-2 active',
      'usr-t-1 active',
    ]);
    expect((await one('noord', '/classes/class-1a-wis', 'class')).status).toBe('active');
  });

  it('holds an import that moves more of a tenant pupils out of its view than its guard allows', async () => {
    await tenants().update('noord', { guardPercent: 20, guardMinimum: 0 });
    const report = await importBundle(withOrgs({ 'usr-s-1': 'org-school-2', 'usr-s-2': 'org-school-2' }));
    expect(report.diff, JSON.stringify(report.diff)).toBeDefined();
    expect(report.held, JSON.stringify(report.diff)).toBe(true);
    const noord = report.diff!.tenants.find((tenant) => tenant.tenantId === 'noord')!;
    expect(noord.overThreshold).toEqual(['users']);
    expect(noord.collections.users).toMatchObject({
      active: 4,
      removed: 2,
      bySchool: { 'org-school-1': 2 },
      first: ['usr-s-1 (Zoë Van den Broeck)', 'usr-s-2 (Bart Swings)'],
    });
    // Held: nothing left the view.
    expect((await one('noord', '/users/usr-s-2', 'user')).status).toBe('active');
  });
});
