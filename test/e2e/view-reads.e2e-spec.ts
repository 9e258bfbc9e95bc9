import { afterAll, beforeAll, describe, expect, it, MockInstance, vi } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { EnrollmentsService } from '../../src/enrollments/enrollments.service';
import { ViewRead } from '../../src/oneroster/query/list-query.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UsersService } from '../../src/users/users.service';
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
    t = await startTestApp();
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
});
