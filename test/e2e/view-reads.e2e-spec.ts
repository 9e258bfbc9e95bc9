import { afterAll, beforeAll, describe, expect, it, MockInstance, vi } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { EnrollmentsService } from '../../src/enrollments/enrollments.service';
import { ViewRead } from '../../src/oneroster/query/list-query.service';
import { PageCache } from '../../src/oneroster/query/page-cache';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UsersService } from '../../src/users/users.service';
import { factories } from '../support/factories';
import { seedIsolationTenants } from '../support/isolation-boards';
import { API, startTestApp, TestApp, tokenFor } from '../support/test-app';

/** The small board's enrollments, in sourcedId order: what a tenant of every org pages through. */
const ENROLLMENTS = [
  'enr-student-01',
  'enr-student-02',
  'enr-student-03',
  'enr-student-04',
  'enr-student-05',
  'enr-student-06',
  'enr-student-07',
  'enr-student-08',
  'enr-student-09',
  'enr-student-10',
  'enr-student-11',
  'enr-student-12',
  'enr-student-13',
  'enr-student-14',
  'enr-teacher-1',
  'enr-teacher-1b',
  'enr-teacher-2',
];

/**
 * How a list reads a tenant's view (ViewRead): walked through the whole table in sourcedId order, or gathered through
 * the index of the records' org and sorted, chosen per page by the tenant's share of the deployment's orgs. The choice
 * changes the SQL, never the records: the isolation sweeps run every route of these tenants either way.
 */
describe('Gathered and walked reads of a tenant view', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  /** Each page's reads of the view: its count's first, then its page's when it differs. */
  let enrollmentReads: MockInstance<EnrollmentsService['visible']>;

  beforeAll(async () => {
    // Each request's own reads: no page read ahead of its request (see read-ahead.e2e-spec.ts) between them.
    t = await startTestApp({ READ_AHEAD_PAGES: '0' });
    tokens = await seedIsolationTenants(t);
    await t.app.get(TenantsService).create('everything', { name: 'Everything', allOrgs: true });
    tokens.everything = await tokenFor(t.anonymous, await t.app.get(ClientsService).create('everything', 'sds'));
    enrollmentReads = vi.spyOn(t.app.get(EnrollmentsService), 'visible');
  });

  afterAll(async () => {
    await t?.close();
  });

  async function page(tenant: string, path: string) {
    enrollmentReads.mockClear();
    const res = await t.anonymous.get(`${API}${path}`).set('Authorization', `Bearer ${tokens[tenant]}`).expect(200);
    return { body: res.body, reads: enrollmentReads.mock.calls.map(([, read]) => read ?? 'walk') };
  }

  it('a tenant holding a quarter of the orgs counts and pages its enrollments gathered', async () => {
    const { body, reads } = await page('zuid', '/enrollments?limit=100');
    expect(reads).toEqual<ViewRead[]>(['gather']);
    expect(body.enrollments.map((e: { sourcedId: string }) => e.sourcedId)).toEqual([
      'enr-student-11',
      'enr-student-12',
      'enr-student-13',
      'enr-student-14',
      'enr-teacher-2',
    ]);
  });

  it('a tenant of every org counts walking, pages walking while more than a page is left, then gathers the rest', async () => {
    const served: string[] = [];
    const readsOfPages: ViewRead[][] = [];
    for (let offset = 0; offset < ENROLLMENTS.length; offset += 5) {
      const { body, reads } = await page('everything', `/enrollments?limit=5&offset=${offset}`);
      served.push(...body.enrollments.map((e: { sourcedId: string }) => e.sourcedId));
      readsOfPages.push(reads);
    }
    expect(served).toEqual(ENROLLMENTS);
    // 17 records: 17, 12 and 7 left walk (more than a page of 5 at a share of 1); the last 2 are gathered.
    expect(readsOfPages).toEqual([['walk'], ['walk'], ['walk'], ['walk', 'gather']]);
  });

  it('a route narrowed to one class walks, whatever the share', async () => {
    const userReads = vi.spyOn(t.app.get(UsersService), 'visible');
    const res = await t.anonymous
      .get(`${API}/classes/class-3/students?limit=100`)
      .set('Authorization', `Bearer ${tokens.zuid}`)
      .expect(200);
    expect(res.body.users.length).toBeGreaterThan(0);
    expect(userReads.mock.calls.map(([, read]) => read ?? 'walk')).toEqual(['walk']);
    userReads.mockRestore();
  });

  // See ScopeOptions.probed: only PostgreSQL reads the tenant's orgs as an array; a user's list of orgs stays a subquery.
  it("gathers a tenant's orgs as an array the index is probed with on PostgreSQL, as a subquery elsewhere", async () => {
    const userReads = vi.spyOn(t.app.get(UsersService), 'visible');
    const sqlOf = (reads: MockInstance) => (reads.mock.results.at(-1)!.value as { getQuery(): string }).getQuery();
    const onPostgres = t.dataSource.options.type === 'postgres';
    expect((await page('zuid', '/enrollments?limit=100')).reads).toEqual<ViewRead[]>(['gather']);
    expect(sqlOf(enrollmentReads)).toMatch(onPostgres ? /= ANY\(ARRAY\(SELECT / : / IN \(SELECT /);
    expect(sqlOf(enrollmentReads)).not.toMatch(onPostgres ? / IN \(SELECT / : /ANY\(/);
    await page('zuid', '/users?limit=100');
    expect(userReads.mock.calls.map(([, read]) => read)).toContain('gather');
    expect(sqlOf(userReads)).toMatch(/"usr"\."sourced_id" IN \(SELECT /);
    userReads.mockRestore();
  });

  it('pages within the feeds its count found, and reads a page again without them when a publication landed first', async () => {
    const ids = (body: { enrollments: { sourcedId: string }[] }) => body.enrollments.map((e) => e.sourcedId);
    const sweep = '/enrollments?limit=2&filter=' + encodeURIComponent("status='active'");
    const first = await page('zuid', `${sweep}&offset=0`);
    expect(ids(first.body)).toEqual(['enr-student-11', 'enr-student-12']);
    // Another SIS's enrollment enters zuid's view, published, after page 2 counted (remembered) and before it reads.
    const cache = t.app.get(PageCache);
    const endBefore = cache.endBefore.bind(cache);
    vi.spyOn(cache, 'endBefore').mockImplementationOnce(async (...args) => {
      const other = { user: 'student-11', class: 'class-3', school: 'school-2' };
      await factories(t.dataSource).enrollment('enr-student-125', other, { feed: 'other-sis' });
      await t.app.get(Publisher).refresh();
      return endBefore(...args);
    });
    const second = await page('zuid', `${sweep}&offset=2`);
    // Read within the remembered feed (the SIS's own) it would have skipped the newcomer: it is read again without.
    expect(second.reads).toEqual<ViewRead[]>(['gather', 'gather']);
    expect(ids(second.body)).toEqual(['enr-student-125', 'enr-student-13']);
    const third = await page('zuid', `${sweep}&offset=4`);
    expect(ids(third.body)).toEqual(['enr-student-14', 'enr-teacher-2']);
    // A sweep of the view that now spans both feeds reads within both.
    const served: string[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const { body, reads } = await page('zuid', `/enrollments?limit=2&offset=${offset}`);
      expect(reads).toEqual<ViewRead[]>(['gather']);
      served.push(...ids(body));
    }
    expect(served).toEqual([
      'enr-student-11',
      'enr-student-12',
      'enr-student-125',
      'enr-student-13',
      'enr-student-14',
      'enr-teacher-2',
    ]);
  });
});
