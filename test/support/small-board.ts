import { DataSource } from 'typeorm';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantScopeService } from '../../src/publication/tenant-scope.service';
import { UsernameAssigner } from '../../src/publication/username-assigner.service';
import { ClassTitlesService } from '../../src/publication/class-titles.service';
import { factories, T0 } from './factories';

/**
 * A small, fully known board for API tests: a district with two schools (the first with a site),
 * a school year with two terms and a grading period, three classes, 14 students, two teachers,
 * a parent, and their enrollments.
 */
export async function seedSmallBoard(dataSource: DataSource) {
  const make = factories(dataSource);
  await make.org('district', { name: 'Scholengroep Leie', type: 'district', identifier: 'SG01' });
  await make.org('school-1', { name: 'Sint-Jozefscollege', identifier: '012345', parentSourcedId: 'district' });
  await make.org('site-1a', {
    name: 'Sint-Jozefscollege Campus Noord',
    identifier: '012345-2',
    parentSourcedId: 'school-1',
  });
  await make.org('school-2', { name: 'Atheneum Zuid', identifier: '067890', parentSourcedId: 'district' });
  await make.session('year', {
    title: '2026-2027',
    type: 'schoolYear',
    startDate: '2026-09-01',
    endDate: '2027-06-30',
  });
  await make.session('term-1', { title: 'Semester 1', parentSourcedId: 'year' });
  await make.session('term-2', {
    title: 'Semester 2',
    parentSourcedId: 'year',
    startDate: '2027-02-01',
    endDate: '2027-06-30',
  });
  await make.session('period-1', {
    title: 'Rapport 1',
    type: 'gradingPeriod',
    parentSourcedId: 'term-1',
    endDate: '2026-10-31',
  });
  await make.course('course-math', 'school-1', {
    title: 'Wiskunde',
    courseCode: 'WIS',
    grades: ['07'],
    subjects: ['wiskunde'],
  });
  await make.course('course-art', 'school-2', { title: 'Beeld', schoolYearSourcedId: 'year' });
  await make.class(
    'class-1',
    { course: 'course-math', school: 'school-1', terms: ['term-1', 'term-2'] },
    {
      title: 'Wiskunde 1A',
      classCode: '1A-WIS',
      periods: ['1', '3'],
      grades: ['07'],
    },
  );
  await make.class(
    'class-2',
    { course: 'course-math', school: 'school-1', terms: ['term-1'] },
    { title: 'Wiskunde 1B' },
  );
  await make.class(
    'class-3',
    { course: 'course-art', school: 'school-2', terms: ['term-2'] },
    {
      title: 'Beeld 2A',
      classType: 'homeroom',
    },
  );
  await make.user(
    'teacher-1',
    { orgs: ['school-1'] },
    {
      role: 'teacher',
      givenName: 'Evelien',
      familyName: 'Poppe',
      email: 'evelien.poppe@example.org',
    },
  );
  await make.user(
    'teacher-2',
    { orgs: ['school-2', 'district'] },
    { role: 'teacher', givenName: 'Jürgen', familyName: "D'Hondt" },
  );
  await make.user(
    'parent-1',
    { orgs: ['school-1'], agents: ['student-01'] },
    { role: 'parent', givenName: 'Anaïs', familyName: 'Peeters' },
  );
  for (let n = 1; n <= 14; n++) {
    const id = `student-${String(n).padStart(2, '0')}`;
    const school = n <= 10 ? 'school-1' : 'school-2';
    await make.user(
      id,
      { orgs: [school], agents: n === 1 ? ['parent-1'] : [] },
      {
        givenName: n === 2 ? 'Zoë' : `Student${n}`,
        familyName: n <= 3 ? 'Van den Broeck' : `Family${n}`,
        middleName: n === 4 ? 'Maria' : null,
        enabledUser: n !== 14,
        grades: ['07'],
        dateLastModified: `2026-09-${String(n + 1).padStart(2, '0')}T10:00:00.000Z`,
      },
    );
    const klass = school === 'school-1' ? (n % 2 ? 'class-1' : 'class-2') : 'class-3';
    await make.enrollment(`enr-${id}`, { user: id, class: klass, school }, { beginDate: '2026-09-01' });
  }
  await make.enrollment(
    'enr-teacher-1',
    { user: 'teacher-1', class: 'class-1', school: 'school-1' },
    { role: 'teacher', primary: true },
  );
  await make.enrollment(
    'enr-teacher-1b',
    { user: 'teacher-1', class: 'class-2', school: 'school-1' },
    { role: 'teacher', primary: true },
  );
  await make.enrollment(
    'enr-teacher-2',
    { user: 'teacher-2', class: 'class-3', school: 'school-2' },
    { role: 'teacher', primary: true },
  );
  await make.demographics('student-01', { birthDate: '2014-03-02', sex: 'female' });
  // seeded past the importer, so what tenants are served is published here
  await new Publisher(dataSource, new TenantScopeService(new UsernameAssigner(), new ClassTitlesService())).refresh(
    undefined,
    T0,
  );
}
