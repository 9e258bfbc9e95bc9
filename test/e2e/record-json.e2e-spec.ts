import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T0 } from '../support/factories';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TestApp } from '../support/test-app';

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('OneRoster 1.1 JSON records', () => {
  let t: TestApp;
  let base: string;
  const ref = (collection: string, sourcedId: string, type: string) => ({
    href: `${base}/${collection}/${sourcedId}`,
    sourcedId,
    type,
  });

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://rostering.example.org/' });
    base = `https://rostering.example.org${API}`;
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  it('a user: every 1.1 field in order, GUIDRefs with absolute hrefs, no 1.2 fields', async () => {
    const res = await t.http.get(`${API}/users/student-01`).expect(200);
    expect(res.body).toEqual({
      user: {
        sourcedId: 'student-01',
        status: 'active',
        dateLastModified: '2026-09-02T10:00:00.000Z',
        username: 'student1.vandenbroeck', // assigned from the tenant's format, not the SIS's login name
        userIds: [],
        enabledUser: true,
        givenName: 'Student1',
        familyName: 'Van den Broeck',
        role: 'student',
        identifier: 'id-student-01',
        agents: [ref('users', 'parent-1', 'user')],
        orgs: [ref('orgs', 'school-1', 'org')],
        grades: ['07'],
      },
    });
    // In the spec's order; fields without a value (middleName, email, sms, phone, metadata) are left out, not null.
    expect(Object.keys(res.body.user)).toEqual([
      'sourcedId',
      'status',
      'dateLastModified',
      'username',
      'userIds',
      'enabledUser',
      'givenName',
      'familyName',
      'role',
      'identifier',
      'agents',
      'orgs',
      'grades',
    ]);
  });

  it('a parent with agents pointing at the student', async () => {
    const res = await t.http.get(`${API}/users/parent-1`).expect(200);
    expect(res.body.user.role).toBe('parent');
    expect(res.body.user.agents).toEqual([ref('users', 'student-01', 'user')]);
  });

  it('a class: course, school and terms as GUIDRefs, in CSV order', async () => {
    const res = await t.http.get(`${API}/classes/class-1`).expect(200);
    expect(res.body).toEqual({
      class: {
        sourcedId: 'class-1',
        status: 'active',
        dateLastModified: T0,
        title: 'Wiskunde 1A',
        classCode: '1A-WIS',
        classType: 'scheduled',
        grades: ['07'],
        subjects: [],
        course: ref('courses', 'course-math', 'course'),
        school: ref('orgs', 'school-1', 'org'),
        terms: [
          ref('academicSessions', 'term-1', 'academicSession'),
          ref('academicSessions', 'term-2', 'academicSession'),
        ],
        subjectCodes: [],
        periods: ['1', '3'],
      },
    });
  });

  it('an org with parent and children', async () => {
    const res = await t.http.get(`${API}/orgs/school-1`).expect(200);
    expect(res.body.org).toEqual({
      sourcedId: 'school-1',
      status: 'active',
      dateLastModified: T0,
      name: 'Sint-Jozefscollege',
      type: 'school',
      identifier: '012345',
      parent: ref('orgs', 'district', 'org'),
      children: [ref('orgs', 'site-1a', 'org')],
    });
  });

  it('an academic session: dates YYYY-MM-DD, schoolYear a 4-digit string', async () => {
    const res = await t.http.get(`${API}/academicSessions/year`).expect(200);
    expect(res.body.academicSession).toEqual({
      sourcedId: 'year',
      status: 'active',
      dateLastModified: T0,
      title: '2026-2027',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
      type: 'schoolYear',
      children: [
        ref('academicSessions', 'term-1', 'academicSession'),
        ref('academicSessions', 'term-2', 'academicSession'),
      ],
      schoolYear: '2027',
    });
  });

  it('an enrollment and a course', async () => {
    const enrollment = await t.http.get(`${API}/enrollments/enr-teacher-1`).expect(200);
    expect(enrollment.body.enrollment).toEqual({
      sourcedId: 'enr-teacher-1',
      status: 'active',
      dateLastModified: T0,
      user: ref('users', 'teacher-1', 'user'),
      class: ref('classes', 'class-1', 'class'),
      school: ref('orgs', 'school-1', 'org'),
      role: 'teacher',
      primary: true,
    });
    const course = await t.http.get(`${API}/courses/course-art`).expect(200);
    expect(course.body.course).toEqual({
      sourcedId: 'course-art',
      status: 'active',
      dateLastModified: T0,
      title: 'Beeld',
      schoolYear: ref('academicSessions', 'year', 'academicSession'),
      grades: [],
      subjects: [],
      org: ref('orgs', 'school-2', 'org'),
      subjectCodes: [],
    });
  });

  it('demographics keyed by the user sourcedId', async () => {
    const res = await t.http.get(`${API}/demographics/student-01`).expect(200);
    expect(res.body).toEqual({
      demographics: {
        sourcedId: 'student-01',
        status: 'active',
        dateLastModified: T0,
        birthDate: '2014-03-02',
        sex: 'female',
      },
    });
  });

  it('every record of every SDS collection passes what School Data Sync checks of a record', async () => {
    for (const collection of ['academicSessions', 'orgs', 'users', 'classes', 'enrollments']) {
      const res = await t.http.get(`${API}/${collection}?limit=5000`).expect(200);
      for (const record of res.body[collection]) {
        expect(record.sourcedId).toMatch(/.+/);
        expect(['active', 'tobedeleted']).toContain(record.status);
        expect(record.dateLastModified).toMatch(DATETIME);
        for (const value of Object.values(record).flat()) {
          if (value && typeof value === 'object' && 'href' in value) {
            expect((value as { href: string }).href.startsWith(base)).toBe(true);
          }
        }
      }
    }
  });

  it('uses the request host for hrefs when PUBLIC_BASE_URL is not set', async () => {
    const local = await startTestApp();
    try {
      await seedSmallBoard(local.dataSource);
      const res = await local.http.get(`${API}/classes/class-2`).set('Host', 'sis.school.test:8080').expect(200);
      expect(res.body.class.school.href).toBe(`http://sis.school.test:8080${API}/orgs/school-1`);
    } finally {
      await local.close();
    }
  });
});
