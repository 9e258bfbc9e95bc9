import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedIsolationTenants } from '../support/isolation-boards';
import { API, startTestApp, TestApp } from '../support/test-app';

type Rec = {
  sourcedId: string;
  orgs?: { sourcedId: string }[];
  agents?: { sourcedId: string }[];
  parent?: { sourcedId: string };
};

/**
 * The small board has a district with school-1 (and its site site-1a) and school-2. Board "noord"
 * covers school-1 by sourcedId, board "zuid" covers school-2 by its identifier, and "campus" covers
 * school-1 without its site. Each must see exactly its own part, whatever it asks.
 */
describe('tenant isolation', () => {
  let t: TestApp;
  const as: Record<
    string,
    (path: string) => Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }>
  > = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const [tenant, token] of Object.entries(await seedIsolationTenants(t))) {
      as[tenant] = async (path) => {
        const res = await t.anonymous.get(`${API}${path}`).set('Authorization', `Bearer ${token}`);
        return { status: res.status, body: res.body, headers: res.headers as Record<string, string> };
      };
    }
  });
  afterAll(() => t?.close());

  const ids = async (tenant: string, path: string, key: string) => {
    const res = await as[tenant](path);
    expect(res.status, `${tenant} ${path}`).toBe(200);
    const records = res.body[key] as Rec[];
    expect(res.headers['x-total-count'], `${tenant} ${path}`).toBe(String(records.length));
    return records.map((r) => r.sourcedId).sort();
  };

  it('shows each tenant only its orgs: the named school with its sites, less exclusions, never the district', async () => {
    expect(await ids('noord', '/orgs', 'orgs')).toEqual(['school-1', 'site-1a']);
    expect(await ids('zuid', '/orgs', 'orgs')).toEqual(['school-2']);
    expect(await ids('campus', '/orgs', 'orgs')).toEqual(['school-1']);
    expect(await ids('noord', '/schools', 'orgs')).toEqual(['school-1', 'site-1a']);
  });

  it('hides an out-of-scope parent and children in the GUIDRefs', async () => {
    const school = (await as.noord('/orgs/school-1')).body.org as Rec & { children: Rec[] };
    expect(school.parent).toBeUndefined();
    expect(school.children.map((c) => c.sourcedId)).toEqual(['site-1a']);
    const campus = (await as.campus('/orgs/school-1')).body.org as Rec & { children: Rec[] };
    expect(campus.children).toEqual([]);
  });

  it('shows users with an org in scope, with only their in-scope orgs and agents', async () => {
    const noord = await ids('noord', '/users?limit=100', 'users');
    expect(noord).toEqual(
      [
        'parent-1',
        ...Array.from({ length: 10 }, (_, n) => `student-${String(n + 1).padStart(2, '0')}`),
        'teacher-1',
      ].sort(),
    );
    expect(await ids('zuid', '/users', 'users')).toEqual([
      'student-11',
      'student-12',
      'student-13',
      'student-14',
      'teacher-2',
    ]);
    const teacher = (await as.zuid('/users/teacher-2')).body.user as Rec;
    expect(teacher.orgs!.map((o) => o.sourcedId)).toEqual(['school-2']);
  });

  it('serves courses, classes, enrollments and demographics of in-scope schools, and the sessions they use', async () => {
    expect(await ids('zuid', '/courses', 'courses')).toEqual(['course-art']);
    expect(await ids('zuid', '/classes', 'classes')).toEqual(['class-3']);
    expect(await ids('zuid', '/enrollments', 'enrollments')).toEqual([
      'enr-student-11',
      'enr-student-12',
      'enr-student-13',
      'enr-student-14',
      'enr-teacher-2',
    ]);
    expect(await ids('zuid', '/academicSessions', 'academicSessions')).toEqual(['term-2', 'year']);
    expect(await ids('noord', '/academicSessions', 'academicSessions')).toEqual([
      'period-1',
      'term-1',
      'term-2',
      'year',
    ]);
    expect(await ids('zuid', '/demographics', 'demographics')).toEqual([]);
    expect(await ids('noord', '/demographics', 'demographics')).toEqual(['student-01']);
  });

  it("answers another tenant's ids with 404 unknownobject, exactly like ids that do not exist", async () => {
    const unknownObject = {
      imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'unknownobject' }],
    };
    const zuidOnly = [
      '/orgs/school-2',
      '/schools/school-2',
      '/users/student-11',
      '/students/student-11',
      '/teachers/teacher-2',
      '/classes/class-3',
      '/courses/course-art',
      '/enrollments/enr-student-11',
      '/classes/class-3/students',
      '/schools/school-2/classes',
      '/schools/school-2/classes/class-3/enrollments',
      '/users/student-11/classes',
      '/courses/course-art/classes',
    ];
    const noordOnly = [
      '/terms/term-1',
      '/gradingPeriods/period-1',
      '/terms/term-1/classes',
      '/demographics/student-01',
      '/orgs/site-1a',
    ];
    for (const [owner, other, paths] of [
      ['zuid', 'noord', zuidOnly],
      ['noord', 'zuid', noordOnly],
    ] as const) {
      for (const path of paths) {
        expect([owner, path, (await as[owner](path)).status]).toEqual([owner, path, 200]);
        const res = await as[other](path);
        expect([other, path, res.status, res.body.imsx_CodeMinor]).toEqual([other, path, 404, unknownObject]);
      }
    }
    for (const tenant of ['noord', 'zuid', 'campus']) {
      expect((await as[tenant]('/orgs/district')).status).toBe(404);
      const nowhere = await as[tenant]('/users/no-such-user');
      expect([nowhere.status, nowhere.body.imsx_CodeMinor]).toEqual([404, unknownObject]);
    }
    expect((await as.campus('/orgs/site-1a')).status).toBe(404);
  });

  it('never lets a filter, sort or fields selection reach past the scope', async () => {
    const filter = (f: string) => `filter=${encodeURIComponent(f)}`;
    expect(await ids('zuid', `/users?${filter("sourcedId='student-01'")}`, 'users')).toEqual([]);
    expect(await ids('zuid', `/users?${filter("sourcedId='student-01' OR sourcedId='student-11'")}`, 'users')).toEqual([
      'student-11',
    ]);
    expect(await ids('zuid', `/enrollments?${filter("school.sourcedId='school-1'")}`, 'enrollments')).toEqual([]);
    expect(
      await ids(
        'zuid',
        `/classes?${filter("status='active'")}&sort=title&orderBy=desc&fields=sourcedId,title`,
        'classes',
      ),
    ).toEqual(['class-3']);
    const paged = await as.zuid('/enrollments?limit=2&offset=4');
    expect(paged.headers['x-total-count']).toBe('5');
    expect((paged.body.enrollments as Rec[]).map((e) => e.sourcedId)).toEqual(['enr-teacher-2']);
  });
});
