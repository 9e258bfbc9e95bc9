import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSmallBoard } from '../support/small-board';
import { expectedStatusInfo } from '../support/status-info';
import { API, startTestApp, TestApp } from '../support/test-app';

/** All 41 rostering GET operations of the OneRoster 1.1 REST binding's endpoint list: [operation, path, envelope key, expected sourcedIds]. */
const ROUTES: [string, string, string, string[] | string][] = [
  ['getAllAcademicSessions', '/academicSessions', 'academicSessions', ['period-1', 'term-1', 'term-2', 'year']],
  ['getAcademicSession', '/academicSessions/year', 'academicSession', 'year'],
  ['getAllClasses', '/classes', 'classes', ['class-1', 'class-2', 'class-3']],
  ['getClass', '/classes/class-1', 'class', 'class-1'],
  [
    'getStudentsForClass',
    '/classes/class-3/students',
    'users',
    ['student-11', 'student-12', 'student-13', 'student-14'],
  ],
  ['getTeachersForClass', '/classes/class-1/teachers', 'users', ['teacher-1']],
  ['getAllCourses', '/courses', 'courses', ['course-art', 'course-math']],
  ['getCourse', '/courses/course-math', 'course', 'course-math'],
  ['getClassesForCourse', '/courses/course-math/classes', 'classes', ['class-1', 'class-2']],
  ['getAllDemographics', '/demographics', 'demographics', ['student-01']],
  ['getDemographics', '/demographics/student-01', 'demographics', 'student-01'],
  ['getAllEnrollments', '/enrollments?limit=3', 'enrollments', ['enr-student-01', 'enr-student-02', 'enr-student-03']],
  ['getEnrollment', '/enrollments/enr-teacher-1', 'enrollment', 'enr-teacher-1'],
  ['getAllGradingPeriods', '/gradingPeriods', 'academicSessions', ['period-1']],
  ['getGradingPeriod', '/gradingPeriods/period-1', 'academicSession', 'period-1'],
  ['getAllOrgs', '/orgs', 'orgs', ['district', 'school-1', 'school-2', 'site-1a']],
  ['getOrg', '/orgs/district', 'org', 'district'],
  ['getAllSchools', '/schools', 'orgs', ['school-1', 'school-2', 'site-1a']],
  ['getSchool', '/schools/school-2', 'org', 'school-2'],
  ['getCoursesForSchool', '/schools/school-1/courses', 'courses', ['course-math']],
  ['getClassesForSchool', '/schools/school-1/classes', 'classes', ['class-1', 'class-2']],
  [
    'getEnrollmentsForSchool',
    '/schools/school-2/enrollments',
    'enrollments',
    ['enr-student-11', 'enr-student-12', 'enr-student-13', 'enr-student-14', 'enr-teacher-2'],
  ],
  [
    'getEnrollmentsForClassInSchool',
    '/schools/school-1/classes/class-2/enrollments',
    'enrollments',
    ['enr-student-02', 'enr-student-04', 'enr-student-06', 'enr-student-08', 'enr-student-10', 'enr-teacher-1b'],
  ],
  [
    'getStudentsForClassInSchool',
    '/schools/school-1/classes/class-1/students',
    'users',
    ['student-01', 'student-03', 'student-05', 'student-07', 'student-09'],
  ],
  [
    'getStudentsForSchool',
    '/schools/school-2/students',
    'users',
    ['student-11', 'student-12', 'student-13', 'student-14'],
  ],
  ['getTeachersForClassInSchool', '/schools/school-2/classes/class-3/teachers', 'users', ['teacher-2']],
  ['getTeachersForSchool', '/schools/school-1/teachers', 'users', ['teacher-1']],
  ['getTermsForSchool', '/schools/school-2/terms', 'academicSessions', ['term-2']],
  [
    'getAllStudents',
    '/students?filter=familyName%3D%27Van%20den%20Broeck%27',
    'users',
    ['student-01', 'student-02', 'student-03'],
  ],
  ['getStudent', '/students/student-02', 'user', 'student-02'],
  ['getClassesForStudent', '/students/student-02/classes', 'classes', ['class-2']],
  ['getAllTeachers', '/teachers', 'users', ['teacher-1', 'teacher-2']],
  ['getTeacher', '/teachers/teacher-1', 'user', 'teacher-1'],
  ['getClassesForTeacher', '/teachers/teacher-1/classes', 'classes', ['class-1', 'class-2']],
  ['getAllTerms', '/terms', 'academicSessions', ['term-1', 'term-2']],
  ['getTerm', '/terms/term-2', 'academicSession', 'term-2'],
  ['getClassesForTerm', '/terms/term-2/classes', 'classes', ['class-1', 'class-3']],
  ['getGradingPeriodsForTerm', '/terms/term-1/gradingPeriods', 'academicSessions', ['period-1']],
  ['getAllUsers', '/users?filter=role%3D%27parent%27', 'users', ['parent-1']],
  ['getUser', '/users/parent-1', 'user', 'parent-1'],
  ['getClassesForUser', '/users/teacher-2/classes', 'classes', ['class-3']],
];

/** Routes with a parent object, and that parent replaced by one that does not exist (or is of the wrong kind). */
const UNKNOWN_PARENTS = [
  '/academicSessions/nope',
  '/classes/nope',
  '/classes/nope/students',
  '/classes/nope/teachers',
  '/courses/nope',
  '/courses/nope/classes',
  '/demographics/nope',
  '/enrollments/nope',
  '/gradingPeriods/term-1',
  '/orgs/nope',
  '/schools/district',
  '/schools/nope/courses',
  '/schools/nope/classes',
  '/schools/nope/enrollments',
  '/schools/school-2/classes/class-1/enrollments',
  '/schools/school-1/classes/nope/students',
  '/schools/nope/classes/class-1/teachers',
  '/schools/nope/students',
  '/schools/nope/teachers',
  '/schools/nope/terms',
  '/students/teacher-1',
  '/students/nope/classes',
  '/teachers/student-01',
  '/teachers/nope/classes',
  '/terms/year',
  '/terms/nope/classes',
  '/terms/nope/gradingPeriods',
  '/users/nope',
  '/users/nope/classes',
];

describe('the 41 rostering routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  it('covers every operation of the spec table once', () => {
    expect(new Set(ROUTES.map(([operation]) => operation)).size).toBe(41);
  });

  it.each(ROUTES)('%s: GET %s', async (_operation, path, key, expected) => {
    const res = await t.http.get(`${API}${path}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual([key]);
    if (Array.isArray(expected)) {
      expect(res.body[key].map((r: { sourcedId: string }) => r.sourcedId)).toEqual(expected);
      expect(res.headers['x-total-count']).toMatch(/^\d+$/);
    } else {
      expect(res.body[key].sourcedId).toBe(expected);
      expect(res.headers['x-total-count']).toBeUndefined();
    }
  });

  it.each(UNKNOWN_PARENTS)('GET %s is 404 unknownobject', async (path) => {
    const res = await t.http.get(`${API}${path}`).expect(404);
    expect(res.body).toEqual(expectedStatusInfo('unknownobject'));
  });

  it('an unknown route under the API is a 404 in the imsx envelope', async () => {
    const res = await t.http.get(`${API}/lineItems`).expect(404);
    expect(res.body).toEqual(expectedStatusInfo('unknownobject'));
  });
});
