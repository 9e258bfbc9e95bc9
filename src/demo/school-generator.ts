import { BoardWriters } from './board-writers';
import { SCHOOL_NAMES, SUBJECTS, TOWNS } from './flemish-names';
import { birthDateFor, birthTown, nationalNumber, PersonName, PLANTED_NAMES, randomName, staffEmail } from './people';
import { Prng, stableId } from './prng';
import { SchoolYear } from './school-year';

export interface BoardContext {
  seed: number;
  rng: Prng;
  year: SchoolYear;
  today: Date;
  writers: BoardWriters;
  districtId: string;
  yearId: string;
  termIds: [string, string];
}

interface School {
  no: number;
  id: string;
  locations: string[];
  grades: number[];
  subjects: readonly (readonly [string, string])[];
  domain: string;
  /** Classes each teacher teaches, by teacher index; a new teacher every three classes. */
  teaching: { classId: string; location: string }[][];
}

const GROUP_SIZE = 22;
const CLASSES_PER_TEACHER = 3;

/** One school: its orgs and courses, its class groups with their students, then its staff. */
export async function generateSchool(ctx: BoardContext, no: number, students: number): Promise<void> {
  const school = await writeSchoolOrgs(ctx, no);
  await writeCourses(ctx, school);
  const perGrade = school.grades.map(
    (_, i) => Math.floor(students / school.grades.length) + (i < students % school.grades.length ? 1 : 0),
  );
  let studentNo = 0;
  for (const [gradeIndex, grade] of school.grades.entries()) {
    const groups = Math.max(1, Math.ceil(perGrade[gradeIndex] / GROUP_SIZE));
    for (let group = 0; group < groups; group++) {
      const size = Math.floor(perGrade[gradeIndex] / groups) + (group < perGrade[gradeIndex] % groups ? 1 : 0);
      await writeGroup(ctx, school, grade, group, size, studentNo);
      studentNo += size;
    }
  }
  await writeStaff(ctx, school);
}

async function writeSchoolOrgs(ctx: BoardContext, no: number): Promise<School> {
  const { rng, writers } = ctx;
  const institution = String(10000 + ((no * 7919 + ctx.seed) % 89999)).padStart(6, '0');
  const id = stableId(ctx.seed, 'school', no);
  const town = TOWNS[no % TOWNS.length];
  const name = `${SCHOOL_NAMES[no % SCHOOL_NAMES.length]} ${town}`;
  await writers.orgs.write({
    sourcedId: id,
    name,
    type: 'school',
    identifier: institution,
    parentSourcedId: ctx.districtId,
  });
  // A site (vestigingsplaats) is an org of type school under its school: classes and students can
  // belong to a site, and a tenant scoped to the school sees its sites too.
  const locations = [id];
  for (let site = 1; site <= no % 3; site++) {
    const siteId = stableId(ctx.seed, 'site', no, site);
    await writers.orgs.write({
      sourcedId: siteId,
      name: `${name} - vestiging ${rng.pick(TOWNS)}`,
      type: 'school',
      identifier: `${institution}-${site + 1}`,
      parentSourcedId: id,
    });
    locations.push(siteId);
  }
  const primary = no % 3 === 2;
  return {
    no,
    id,
    locations,
    domain: `school${no + 1}.demo.example`,
    teaching: [],
    grades: primary ? [1, 2, 3, 4, 5, 6] : [7, 8, 9, 10, 11, 12],
    subjects: primary ? SUBJECTS.primary : SUBJECTS.secondary,
  };
}

const grade2 = (grade: number) => String(grade).padStart(2, '0');
const courseId = (ctx: BoardContext, school: School, grade: number, code: string) =>
  stableId(ctx.seed, 'course', school.no, grade, code);

async function writeCourses(ctx: BoardContext, school: School) {
  for (const grade of school.grades) {
    for (const [title, code] of [['Klasuur', 'KLAS'], ...school.subjects] as const) {
      await ctx.writers.courses.write({
        sourcedId: courseId(ctx, school, grade, code),
        schoolYearSourcedId: ctx.yearId,
        title: `${title} ${grade2(grade)}`,
        courseCode: `${code}-${grade2(grade)}`,
        grades: grade2(grade),
        orgSourcedId: school.id,
        subjects: title,
      });
    }
  }
}

/** A class group: its homeroom and one scheduled class per subject, its students and their enrollments. */
async function writeGroup(
  ctx: BoardContext,
  school: School,
  grade: number,
  group: number,
  size: number,
  firstStudent: number,
) {
  const { writers, rng } = ctx;
  const location = school.locations[group % school.locations.length];
  const label = `${((grade - 1) % 6) + 1}${String.fromCharCode(65 + group)}`;
  const classIds: string[] = [];
  for (const [title, code] of [['Klas', 'KLAS'], ...school.subjects] as const) {
    const classId = stableId(ctx.seed, 'class', school.no, grade, group, code);
    const homeroom = code === 'KLAS';
    await writers.classes.write({
      sourcedId: classId,
      title: homeroom ? `Klas ${label}` : `${title} ${label}`,
      grades: grade2(grade),
      courseSourcedId: courseId(ctx, school, grade, code),
      classCode: `${label}-${code}`,
      classType: homeroom ? 'homeroom' : 'scheduled',
      location: homeroom ? `Lokaal ${rng.int(1, 40)}` : '',
      schoolSourcedId: location,
      termSourcedIds: homeroom || rng.chance(0.7) ? ctx.termIds.join(',') : ctx.termIds[rng.int(0, 1)],
      subjects: homeroom ? '' : title,
      periods: homeroom ? '' : `${rng.int(1, 8)}`,
    });
    classIds.push(classId);
    assignTeacher(school, classId, location);
  }
  for (let n = 0; n < size; n++) await writeStudent(ctx, school, grade, location, classIds, firstStudent + n);
}

function assignTeacher(school: School, classId: string, location: string) {
  const last = school.teaching[school.teaching.length - 1];
  if (!last || last.length >= CLASSES_PER_TEACHER) school.teaching.push([{ classId, location }]);
  else last.push({ classId, location });
}

function studentName(ctx: BoardContext, school: School, n: number): PersonName {
  if (school.no === 0 && n < 2) return PLANTED_NAMES.duplicateStudent;
  return randomName(ctx.rng);
}

async function writeStudent(
  ctx: BoardContext,
  school: School,
  grade: number,
  location: string,
  classIds: string[],
  n: number,
) {
  const { writers, rng, year } = ctx;
  const id = stableId(ctx.seed, 'student', school.no, n);
  const name = studentName(ctx, school, n);
  const birthDate = birthDateFor(rng, grade, year.startYear);
  const parentId = rng.chance(0.08) ? stableId(ctx.seed, 'parent', school.no, n) : undefined;
  await writers.users.write({
    sourcedId: id,
    enabledUser: 'true',
    orgSourcedIds: location,
    role: 'student',
    ...name,
    identifier: nationalNumber(birthDate, school.no * 1000 + n),
    agentSourcedIds: parentId,
    grades: grade2(grade),
  });
  if (parentId) {
    await writers.users.write({
      sourcedId: parentId,
      enabledUser: 'true',
      orgSourcedIds: location,
      role: rng.chance(0.9) ? 'parent' : 'guardian',
      givenName: randomName(rng).givenName,
      familyName: name.familyName,
      agentSourcedIds: id,
      email: `ouder.${n}@mail.demo.example`,
    });
  }
  const beginDate = rng.chance(0.01) ? firstOfNextMonth(ctx.today) : year.startDate;
  const endDate = rng.chance(0.005) ? year.termBreak.firstEnd : '';
  for (const classId of classIds) {
    await writers.enrollments.write({
      sourcedId: stableId(ctx.seed, 'enrollment', classId, id),
      classSourcedId: classId,
      schoolSourcedId: location,
      userSourcedId: id,
      role: 'student',
      beginDate,
      endDate,
    });
  }
  await writers.demographics.write({
    sourcedId: id,
    birthDate,
    sex: rng.chance(0.5) ? 'female' : 'male',
    countryOfBirthCode: 'BE',
    cityOfBirth: birthTown(rng),
  });
}

function firstOfNextMonth(today: Date): string {
  const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
  return next.toISOString().slice(0, 10);
}

function teacherName(ctx: BoardContext, school: School, index: number): PersonName {
  if (school.no === 0 && index === 0) return PLANTED_NAMES.reviewTeacher;
  if (school.no <= 1 && index === 1) return PLANTED_NAMES.duplicateTeacher;
  return randomName(ctx.rng);
}

/** Teachers of the school's classes (one primary teacher per class), then an administrator and a proctor (SDS lists no aide role). */
async function writeStaff(ctx: BoardContext, school: School) {
  const { writers, rng } = ctx;
  for (const [index, classes] of school.teaching.entries()) {
    const id = stableId(ctx.seed, 'teacher', school.no, index);
    const name = teacherName(ctx, school, index);
    const orgs = [...new Set([school.id, ...classes.map((c) => c.location)])];
    await writers.users.write({
      sourcedId: id,
      enabledUser: 'true',
      orgSourcedIds: orgs.join(','),
      role: 'teacher',
      ...name,
      identifier: `T${school.no + 1}-${index + 1}`,
      email: staffEmail(name, school.domain, index + 1),
    });
    for (const { classId, location } of classes) {
      await writers.enrollments.write({
        sourcedId: stableId(ctx.seed, 'enrollment', classId, id),
        classSourcedId: classId,
        schoolSourcedId: location,
        userSourcedId: id,
        role: 'teacher',
        primary: 'true',
        beginDate: ctx.year.startDate,
      });
    }
  }
  for (const role of ['administrator', 'proctor'] as const) {
    const name = randomName(rng);
    await writers.users.write({
      sourcedId: stableId(ctx.seed, role, school.no),
      enabledUser: 'true',
      orgSourcedIds: school.id,
      role,
      ...name,
      identifier: `${role === 'proctor' ? 'P' : 'D'}${school.no + 1}`,
      email: staffEmail(name, school.domain, 0),
    });
  }
}
