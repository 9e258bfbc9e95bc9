import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedIsolationTenants } from '../support/isolation-boards';
import { API, startTestApp, TestApp } from '../support/test-app';

type Kind = 'org' | 'session' | 'course' | 'class' | 'user' | 'enrollment' | 'demographics';
const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);

/** Every id of the small board, by kind. */
const ALL: Record<Kind, string[]> = {
  org: ['district', 'school-1', 'site-1a', 'school-2'],
  session: ['year', 'term-1', 'term-2', 'period-1'],
  course: ['course-math', 'course-art'],
  class: ['class-1', 'class-2', 'class-3'],
  user: ['teacher-1', 'teacher-2', 'parent-1', ...range('student-', 1, 14)],
  enrollment: [...range('enr-student-', 1, 14), 'enr-teacher-1', 'enr-teacher-1b', 'enr-teacher-2'],
  demographics: ['student-01'],
};

/** What each tenant may see: noord has school-1 with its site, zuid school-2, campus shares school-1 without the site. */
const noord: Record<Kind, string[]> = {
  org: ['school-1', 'site-1a'],
  session: ['year', 'term-1', 'term-2', 'period-1'],
  course: ['course-math'],
  class: ['class-1', 'class-2'],
  user: ['teacher-1', 'parent-1', ...range('student-', 1, 10)],
  enrollment: [...range('enr-student-', 1, 10), 'enr-teacher-1', 'enr-teacher-1b'],
  demographics: ['student-01'],
};
const VISIBLE: Record<string, Record<Kind, string[]>> = {
  noord,
  campus: { ...noord, org: ['school-1'] },
  zuid: {
    org: ['school-2'],
    session: ['year', 'term-2'],
    course: ['course-art'],
    class: ['class-3'],
    user: ['teacher-2', ...range('student-', 11, 14)],
    enrollment: [...range('enr-student-', 11, 14), 'enr-teacher-2'],
    demographics: [],
  },
};

const KIND_OF_SEGMENT: Record<string, Kind> = {
  orgs: 'org',
  schools: 'org',
  academicSessions: 'session',
  terms: 'session',
  gradingPeriods: 'session',
  courses: 'course',
  classes: 'class',
  users: 'user',
  students: 'user',
  teachers: 'user',
  enrollments: 'enrollment',
  demographics: 'demographics',
};
const KIND_OF_KEY: Record<string, Kind> = {
  orgs: 'org',
  org: 'org',
  academicSessions: 'session',
  academicSession: 'session',
  courses: 'course',
  course: 'course',
  classes: 'class',
  class: 'class',
  users: 'user',
  user: 'user',
  enrollments: 'enrollment',
  enrollment: 'enrollment',
  demographics: 'demographics',
};

/** Every concrete URL of a route template, each path parameter replaced by every id of its kind, with the kinds used. */
function expand(template: string): { path: string; params: [Kind, string][] }[] {
  const segments = template.replace(API, '').split('/').filter(Boolean);
  let results: { path: string; params: [Kind, string][] }[] = [{ path: '', params: [] }];
  segments.forEach((segment, i) => {
    if (!segment.startsWith('{')) return void (results = results.map((r) => ({ ...r, path: `${r.path}/${segment}` })));
    const kind = KIND_OF_SEGMENT[segments[i - 1]];
    results = results.flatMap((r) =>
      ALL[kind].map((id) => ({ path: `${r.path}/${id}`, params: [...r.params, [kind, id] as [Kind, string]] })),
    );
  });
  return results;
}

const ROUTES = Object.keys(
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi', 'oneroster-v1p1.json'), 'utf8')).paths,
).filter((path) => path.startsWith(API));

describe('tenant isolation on every route (swept from the OpenAPI document)', () => {
  let t: TestApp;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    tokens = await seedIsolationTenants(t);
  });
  afterAll(() => t?.close());

  it('covers all 41 rostering routes', () => expect(ROUTES).toHaveLength(41));

  it.each(Object.keys(VISIBLE))(
    '%s: a parameter outside the scope is 404; every record served, and every count, stays inside it',
    async (tenant) => {
      const visible = VISIBLE[tenant];
      let checked = 0;
      for (const template of ROUTES) {
        for (const { path, params } of expand(template)) {
          for (const query of [
            '?limit=1000',
            "?limit=1000&filter=status%3D'active'&sort=sourcedId&orderBy=desc&fields=sourcedId",
          ]) {
            const url = template.endsWith('}') ? `${path}?fields=sourcedId` : `${path}${query}`;
            const res = await t.anonymous.get(`${API}${url}`).set('Authorization', `Bearer ${tokens[tenant]}`);
            checked++;
            const outside = params.find(([kind, id]) => !visible[kind].includes(id));
            if (outside) {
              expect([
                url,
                res.status,
                res.body.imsx_CodeMinor?.imsx_codeMinorField[0].imsx_codeMinorFieldValue,
              ]).toEqual([url, 404, 'unknownobject']);
              continue;
            }
            if (res.status === 404) continue; // e.g. /students/teacher-1: not a student, for every tenant alike
            expect([url, res.status]).toEqual([url, 200]);
            const [key, body] = Object.entries(res.body)[0] as [
              string,
              { sourcedId: string } | { sourcedId: string }[],
            ];
            const records = Array.isArray(body) ? body : [body];
            const leaked = records.map((r) => r.sourcedId).filter((id) => !visible[KIND_OF_KEY[key]].includes(id));
            expect([url, leaked]).toEqual([url, []]);
            if (Array.isArray(body)) expect([url, res.headers['x-total-count']]).toEqual([url, String(body.length)]);
            if (template.endsWith('}')) break;
          }
        }
      }
      expect(checked).toBeGreaterThan(400);
    },
  );
});
