import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantInput, TenantsService } from '../../src/tenants/tenants.service';
import { factories, T0 } from '../support/factories';
import { MovableClock } from '../support/movable-clock';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor } from '../support/test-app';

interface Served {
  sourcedId: string;
  status: string;
  dateLastModified: string;
  [field: string]: unknown;
}

/** GETs a collection (query values are URL-encoded here) and checks X-Total-Count agrees with what is served. */
async function list(http: TestAgent, path: string, query: Record<string, string> = {}): Promise<Served[]> {
  const search = Object.entries(query)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  const res = await http.get(`${API}/${path}${search ? `?${search}` : ''}`).expect(200);
  const [records] = Object.values(res.body) as Served[][];
  expect(Number(res.headers['x-total-count'])).toBe(records.length);
  return records;
}

/** sourcedIds in code-unit order, so expectations do not depend on the database's collation. */
const idsOf = (records: Served[]) => records.map((r) => r.sourcedId).sort();
const statusesOf = (records: Served[]) => Object.fromEntries(records.map((r) => [r.sourcedId, r.status]));
const withStatus = (status: string, ids: string[]) => Object.fromEntries(ids.map((id) => [id, status]));
const since = (instant: string) => ({ filter: `dateLastModified>'${instant}'` });

const getOne = (http: TestAgent, path: string) => http.get(`${API}/${path}`);

/** An HTTP agent with a token of another tenant. */
async function agentOf(t: TestApp, tenantId: string): Promise<TestAgent> {
  const credentials = await t.app.get(ClientsService).create(tenantId, 'e2e');
  return request
    .agent(t.app.getHttpServer())
    .set('Authorization', `Bearer ${await tokenFor(t.anonymous, credentials)}`);
}

const updateTenant = (t: TestApp, input: TenantInput) => t.app.get(TenantsService).update(TEST_TENANT, input);
/** Derives spans, scope, usernames and class titles after rows were inserted, as an import does. */
/** Publishes seeded data as an import written at `stamp` would (the factories' T0 by default). */
const refresh = (t: TestApp, stamp = T0) => t.app.get(Publisher).refresh(undefined, stamp);

describe('future students', () => {
  // Brussels is at UTC+2 in September: 21:59Z is 23:59 on 14 Sept there, 22:00Z is midnight starting 15 Sept.
  const BEGINS = '2026-09-15';
  const LAST_EVENING = '2026-09-14T21:59:00.000Z';
  const MIDNIGHT = '2026-09-14T22:00:00.000Z';
  const clock = new MovableClock(new Date(LAST_EVENING));
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, clock);
    const make = factories(t.dataSource);
    await make.org('school', { name: 'Sint-Jozefscollege' });
    await make.session('year-2027', { type: 'schoolYear', startDate: '2026-09-01', endDate: '2027-06-30' });
    await make.session('term-2027', { parentSourcedId: 'year-2027' });
    await make.course('course', 'school');
    for (const id of ['class-1a', 'class-1b'])
      await make.class(id, { course: 'course', school: 'school', terms: ['term-2027'] });
    const person = (id: string, role: 'student' | 'teacher' = 'student') =>
      make.user(id, { orgs: ['school'] }, { role });
    await make.user('parent', { orgs: ['school'], agents: ['october', 'pupil'] }, { role: 'parent' });
    const enrol = (
      id: string,
      user: string,
      klass: string,
      beginDate: string | null,
      role: 'student' | 'teacher' = 'student',
    ) => make.enrollment(id, { user, class: klass, school: 'school' }, { beginDate, role });
    await person('teacher', 'teacher');
    await person('new-teacher', 'teacher');
    await person('pupil');
    await person('newcomer');
    await person('two-classes');
    await person('october');
    await enrol('enr-teacher', 'teacher', 'class-1a', null, 'teacher');
    await enrol('enr-new-teacher', 'new-teacher', 'class-1b', BEGINS, 'teacher');
    await enrol('enr-pupil', 'pupil', 'class-1a', '2026-09-01');
    await enrol('enr-newcomer', 'newcomer', 'class-1a', BEGINS);
    await enrol('enr-two-a', 'two-classes', 'class-1a', '2026-09-01');
    await enrol('enr-two-b', 'two-classes', 'class-1b', '2026-10-01');
    await enrol('enr-october', 'october', 'class-1b', '2026-10-01');
    await refresh(t);
  });
  afterAll(() => t?.close());

  it("are served at once by default ('include')", async () => {
    clock.set(LAST_EVENING);
    expect(idsOf(await list(t.http, 'students'))).toEqual(['newcomer', 'october', 'pupil', 'two-classes']);
    expect(idsOf(await list(t.http, 'enrollments'))).toEqual([
      'enr-new-teacher',
      'enr-newcomer',
      'enr-october',
      'enr-pupil',
      'enr-teacher',
      'enr-two-a',
      'enr-two-b',
    ]);
    await getOne(t.http, 'users/newcomer').expect(200);
  });

  it("with 'exclude', holds back student enrollments that begin after today and students whose enrollments all do, not teachers", async () => {
    await updateTenant(t, { futureStudents: 'exclude' });
    clock.set(LAST_EVENING);
    expect(idsOf(await list(t.http, 'users'))).toEqual(['new-teacher', 'parent', 'pupil', 'teacher', 'two-classes']);
    expect(idsOf(await list(t.http, 'students'))).toEqual(['pupil', 'two-classes']);
    expect(idsOf(await list(t.http, 'enrollments'))).toEqual([
      'enr-new-teacher',
      'enr-pupil',
      'enr-teacher',
      'enr-two-a',
    ]);
    for (const path of [
      'users/newcomer',
      'students/newcomer',
      'users/october',
      'enrollments/enr-newcomer',
      'enrollments/enr-two-b',
    ]) {
      await getOne(t.http, path).expect(404);
    }
    expect((await getOne(t.http, 'enrollments/enr-new-teacher').expect(200)).body.enrollment.beginDate).toBe(BEGINS);
  });

  it("with 'exclude', no relationship route or reference shows what is held back", async () => {
    await updateTenant(t, { futureStudents: 'exclude' });
    clock.set(LAST_EVENING);
    expect(idsOf(await list(t.http, 'classes/class-1b/students'))).toEqual([]);
    expect(idsOf(await list(t.http, 'schools/school/classes/class-1b/students'))).toEqual([]);
    expect(idsOf(await list(t.http, 'classes/class-1b/teachers'))).toEqual(['new-teacher']);
    expect(idsOf(await list(t.http, 'users/two-classes/classes'))).toEqual(['class-1a']);
    expect(idsOf(await list(t.http, 'students/two-classes/classes'))).toEqual(['class-1a']);
    const agents = (await getOne(t.http, 'users/parent').expect(200)).body.user.agents as Served[];
    expect(agents.map((agent) => agent.sourcedId)).toEqual(['pupil']);
  });

  it('serves them from local midnight of the begin date, dated so that a delta sync since the evening before picks them up', async () => {
    await updateTenant(t, { futureStudents: 'exclude' });
    clock.set(LAST_EVENING);
    expect(idsOf(await list(t.http, 'users'))).not.toContain('newcomer'); // SDS's previous sync

    clock.set(MIDNIGHT);
    const users = await list(t.http, 'users', since(LAST_EVENING));
    const enrollments = await list(t.http, 'enrollments', since(LAST_EVENING));
    expect(idsOf(users)).toEqual(['newcomer']);
    expect(idsOf(enrollments)).toEqual(['enr-newcomer']);
    for (const record of [...users, ...enrollments]) {
      expect(record.status).toBe('active');
      expect(record.dateLastModified >= MIDNIGHT).toBe(true);
    }
    expect(idsOf(await list(t.http, 'students'))).toEqual(['newcomer', 'pupil', 'two-classes']);
    await getOne(t.http, 'users/newcomer').expect(200);
    await getOne(t.http, 'enrollments/enr-newcomer').expect(200);
    await getOne(t.http, 'users/october').expect(404);
    await getOne(t.http, 'enrollments/enr-two-b').expect(404);
  });
});

/**
 * Two school years: 2025-26 (OneRoster schoolYear 2026) running, and 2026-27 (2027) imported in
 * advance, in June, as a board does before the summer.
 */
const IMPORTED = '2026-06-20T10:00:00.000Z';

async function seedSchoolYears(dataSource: DataSource, years: string[]) {
  const make = factories(dataSource);
  const imported = { dateLastModified: IMPORTED };
  await make.org('school', { name: 'Sint-Jozefscollege' });
  await make.course('course', 'school');
  await make.user('teacher', { orgs: ['school'] }, { role: 'teacher' });
  await make.user('student', { orgs: ['school'] });
  for (const year of years) {
    const start = Number(year) - 1;
    await make.session(`year-${year}`, {
      ...imported,
      type: 'schoolYear',
      schoolYear: year,
      startDate: `${start}-09-01`,
      endDate: `${year}-06-30`,
    });
    await make.session(`term-${year}`, {
      ...imported,
      parentSourcedId: `year-${year}`,
      schoolYear: year,
      startDate: `${start}-09-01`,
      endDate: `${start + 1}-01-31`,
    });
    await make.class(`class-${year}`, { course: 'course', school: 'school', terms: [`term-${year}`] }, imported);
    await make.enrollment(
      `enr-${year}-teacher`,
      { user: 'teacher', class: `class-${year}`, school: 'school' },
      { ...imported, role: 'teacher' },
    );
    await make.enrollment(
      `enr-${year}-student`,
      { user: 'student', class: `class-${year}`, school: 'school' },
      {
        ...imported,
        beginDate: `${start}-09-01`,
      },
    );
  }
}

const SWITCH = '2026-08-14T22:00:00.000Z'; // 15 Aug 00:00 in Brussels
const JUST_BEFORE_SWITCH = '2026-08-14T21:59:59.999Z';

describe('school-year switch', () => {
  const clock = new MovableClock(new Date(JUST_BEFORE_SWITCH));
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, clock);
    await seedSchoolYears(t.dataSource, ['2026', '2027']);
    await refresh(t, IMPORTED);
  });
  afterAll(() => t?.close());

  it('before 15 August serves the running year only; next year is not served yet', async () => {
    clock.set(JUST_BEFORE_SWITCH);
    expect(statusesOf(await list(t.http, 'academicSessions'))).toEqual({
      'year-2026': 'active',
      'term-2026': 'active',
    });
    expect(statusesOf(await list(t.http, 'classes'))).toEqual({ 'class-2026': 'active' });
    expect(statusesOf(await list(t.http, 'enrollments'))).toEqual({
      'enr-2026-teacher': 'active',
      'enr-2026-student': 'active',
    });
    const nextYear = [
      'academicSessions/year-2027',
      'terms/term-2027',
      'classes/class-2027',
      'enrollments/enr-2027-student',
      'enrollments/enr-2027-teacher',
    ];
    for (const path of nextYear) await getOne(t.http, path).expect(404);
  });

  it('from local midnight of 15 August serves next year as active and the old one as tobedeleted, which a delta sync sees', async () => {
    clock.set(JUST_BEFORE_SWITCH);
    await list(t.http, 'classes'); // SDS's previous sync
    clock.set(SWITCH);

    const years = {
      academicSessions: { running: ['term-2026', 'year-2026'], next: ['term-2027', 'year-2027'] },
      classes: { running: ['class-2026'], next: ['class-2027'] },
      enrollments: {
        running: ['enr-2026-student', 'enr-2026-teacher'],
        next: ['enr-2027-student', 'enr-2027-teacher'],
      },
    };
    for (const [collection, { running, next }] of Object.entries(years)) {
      const delta = await list(t.http, collection, since(JUST_BEFORE_SWITCH));
      expect(statusesOf(delta), collection).toEqual({
        ...withStatus('tobedeleted', running),
        ...withStatus('active', next),
      });
      for (const record of delta)
        expect(record.dateLastModified >= SWITCH, `${record.sourcedId} ${record.dateLastModified}`).toBe(true);
      expect(idsOf(await list(t.http, collection, { filter: "status='active'" })), collection).toEqual(next);
      expect(idsOf(await list(t.http, collection, { filter: "status='tobedeleted'" })), collection).toEqual(running);
      expect(idsOf(await list(t.http, collection, { filter: "status!='active'" })), collection).toEqual(running);
      expect(
        idsOf(await list(t.http, collection, { filter: "status!='tobedeleted' OR sourcedId='none'" })),
        collection,
      ).toEqual(next);
    }
    expect((await getOne(t.http, 'classes/class-2026').expect(200)).body.class.status).toBe('tobedeleted');
    expect((await getOne(t.http, 'enrollments/enr-2027-student').expect(200)).body.enrollment.status).toBe('active');
    expect(idsOf(await list(t.http, 'terms'))).toEqual(['term-2026', 'term-2027']);
  });

  it("follows the tenant's switch date: with '09-01' the running year is served until 1 September", async () => {
    await t.app
      .get(TenantsService)
      .create('late-board', { name: 'Late board', allOrgs: true, schoolYearSwitch: '09-01' });
    const late = await agentOf(t, 'late-board');

    clock.set('2026-08-20T10:00:00.000Z');
    expect(statusesOf(await list(t.http, 'classes'))).toEqual({ 'class-2026': 'tobedeleted', 'class-2027': 'active' });
    expect(statusesOf(await list(late, 'classes'))).toEqual({ 'class-2026': 'active' });
    await getOne(late, 'classes/class-2027').expect(404);

    clock.set('2026-08-31T21:59:59.999Z');
    expect(statusesOf(await list(late, 'classes'))).toEqual({ 'class-2026': 'active' });

    const lateSwitch = '2026-08-31T22:00:00.000Z';
    clock.set(lateSwitch);
    const delta = await list(late, 'classes', since('2026-08-31T21:59:59.999Z'));
    expect(statusesOf(delta)).toEqual({ 'class-2026': 'tobedeleted', 'class-2027': 'active' });
    for (const record of delta) expect(record.dateLastModified >= lateSwitch).toBe(true);
  });
});

describe('school-year switch without next year imported', () => {
  const AFTER_SWITCH = '2026-08-20T10:00:00.000Z';
  const clock = new MovableClock(new Date(AFTER_SWITCH));
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, clock);
    await seedSchoolYears(t.dataSource, ['2026']);
    await refresh(t, IMPORTED);
  });
  afterAll(() => t?.close());

  it('keeps serving the running year as active, unchanged, after the switch date', async () => {
    clock.set(AFTER_SWITCH);
    const expected = {
      academicSessions: ['term-2026', 'year-2026'],
      classes: ['class-2026'],
      enrollments: ['enr-2026-student', 'enr-2026-teacher'],
    };
    for (const [collection, ids] of Object.entries(expected)) {
      const records = await list(t.http, collection, { filter: "status='active'" });
      expect(idsOf(records), collection).toEqual(ids);
      expect(records.map((r) => r.dateLastModified)).toEqual(ids.map(() => IMPORTED));
      expect(await list(t.http, collection, since(JUST_BEFORE_SWITCH)), collection).toEqual([]);
    }
  });

  it('switches when next year arrives late, dated at its arrival so that a delta sync sees it', async () => {
    const ARRIVED = '2026-08-25T09:00:00.000Z';
    const make = factories(t.dataSource);
    await make.session('year-2027', {
      type: 'schoolYear',
      schoolYear: '2027',
      startDate: '2026-09-01',
      endDate: '2027-06-30',
      dateLastModified: ARRIVED,
    });
    await make.session('term-2027', { parentSourcedId: 'year-2027', dateLastModified: ARRIVED });
    await make.class(
      'class-2027',
      { course: 'course', school: 'school', terms: ['term-2027'] },
      { dateLastModified: ARRIVED },
    );
    await refresh(t);

    clock.set('2026-08-25T09:30:00.000Z');
    const delta = await list(t.http, 'classes', since('2026-08-25T08:00:00.000Z'));
    expect(statusesOf(delta)).toEqual({ 'class-2026': 'tobedeleted', 'class-2027': 'active' });
    for (const record of delta) expect(record.dateLastModified >= ARRIVED).toBe(true);
  });
});

describe('class title format', () => {
  const titlesOf = (records: Served[]) => Object.fromEntries(records.map((r) => [r.sourcedId, r.title]));
  const clock = new MovableClock(new Date('2026-10-01T08:00:00.000Z')); // fixes the served school year: 2026-27 (2027)
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, clock);
    await updateTenant(t, { classTitleFormat: '{classTitle} - {schoolName}' });
    await seedSmallBoard(t.dataSource);
    // Last year's class, at the other school with the same SIS title as class-1 (served as tobedeleted).
    const make = factories(t.dataSource);
    await make.session('year-2026', {
      type: 'schoolYear',
      schoolYear: '2026',
      startDate: '2025-09-01',
      endDate: '2026-06-30',
    });
    await make.session('term-2026', {
      parentSourcedId: 'year-2026',
      schoolYear: '2026',
      startDate: '2025-09-01',
      endDate: '2026-01-31',
    });
    await make.class(
      'class-2526',
      { course: 'course-art', school: 'school-2', terms: ['term-2026'] },
      { title: 'Wiskunde 1A' },
    );
    await refresh(t);
  });
  afterAll(() => t?.close());

  it('renders the served title; the first rendering leaves dateLastModified as imported', async () => {
    const classes = await list(t.http, 'classes');
    expect(titlesOf(classes)).toEqual({
      'class-1': 'Wiskunde 1A - Sint-Jozefscollege',
      'class-2': 'Wiskunde 1B - Sint-Jozefscollege',
      'class-3': 'Beeld 2A - Atheneum Zuid',
      'class-2526': 'Wiskunde 1A - Atheneum Zuid',
    });
    expect(classes.map((c) => c.dateLastModified)).toEqual(classes.map(() => T0));
    expect((await getOne(t.http, 'classes/class-1').expect(200)).body.class.title).toBe(
      'Wiskunde 1A - Sint-Jozefscollege',
    );
  });

  it('filters and sorts on the served title', async () => {
    expect(idsOf(await list(t.http, 'classes', { filter: "title~'Jozefscollege'" }))).toEqual(['class-1', 'class-2']);
    expect(idsOf(await list(t.http, 'classes', { filter: "title='Wiskunde 1A - Atheneum Zuid'" }))).toEqual([
      'class-2526',
    ]);
    expect(await list(t.http, 'classes', { filter: "title='Wiskunde 1A'" })).toEqual([]);
    // By SIS title class-1 would sort before class-2526 (same title, then sourcedId).
    const sorted = await list(t.http, 'classes', { sort: 'title' });
    expect(sorted.map((c) => c.sourcedId)).toEqual(['class-3', 'class-2526', 'class-1', 'class-2']);
  });

  it('moves dateLastModified when the format changes, so a delta sync picks up the new titles; {schoolYear} reads 2025-26', async () => {
    const synced = new Date().toISOString(); // title changes are stamped with the time they are rendered
    expect(await list(t.http, 'classes', since(synced))).toEqual([]);
    await updateTenant(t, { classTitleFormat: '{classTitle} ({schoolYear})' });

    const delta = await list(t.http, 'classes', since(synced));
    expect(titlesOf(delta)).toEqual({
      'class-1': 'Wiskunde 1A (2026-27)',
      'class-2': 'Wiskunde 1B (2026-27)',
      'class-3': 'Beeld 2A (2026-27)',
      'class-2526': 'Wiskunde 1A (2025-26)',
    });
  });

  it('serves the SIS title again when the format is cleared, and a delta sync sees that too', async () => {
    const synced = new Date().toISOString();
    await list(t.http, 'classes'); // the sync at `synced`
    await updateTenant(t, { classTitleFormat: '' });

    const delta = await list(t.http, 'classes', since(synced));
    expect(titlesOf(delta)).toEqual({
      'class-1': 'Wiskunde 1A',
      'class-2': 'Wiskunde 1B',
      'class-3': 'Beeld 2A',
      'class-2526': 'Wiskunde 1A',
    });
  });
});

describe('email from the username', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await updateTenant(t, { domain: 'school.example', emailSource: 'username' });
    await seedSmallBoard(t.dataSource);
    await refresh(t);
  });
  afterAll(() => t?.close());

  it('serves the assigned username, with its domain, as email', async () => {
    const teacher = (await getOne(t.http, 'users/teacher-1').expect(200)).body.user;
    expect(teacher).toMatchObject({ username: 'evelien.poppe@school.example', email: 'evelien.poppe@school.example' });
    expect((await getOne(t.http, 'users/student-02').expect(200)).body.user.email).toBe(
      'zoe.vandenbroeck@school.example',
    );
    // A parent gets no account, so no username to serve: the SIS's (absent) email stays.
    expect((await getOne(t.http, 'users/parent-1').expect(200)).body.user).not.toHaveProperty('email');
  });

  it('filters on the served email', async () => {
    expect(idsOf(await list(t.http, 'users', { filter: "email='zoe.vandenbroeck@school.example'" }))).toEqual([
      'student-02',
    ]);
    expect(await list(t.http, 'users', { filter: "email='evelien.poppe@example.org'" })).toEqual([]);
    expect(await list(t.http, 'users', { filter: "email~'@school.example'" })).toHaveLength(14 + 2);
  });

  it("serves the SIS email again with emailSource 'sis', and moves dateLastModified so a delta sync sees the change", async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the change is stamped after `before`, not in the same millisecond
    await updateTenant(t, { emailSource: 'sis' });
    expect(idsOf(await list(t.http, 'users', since(before)))).toContain('teacher-1');
    expect((await getOne(t.http, 'users/teacher-1').expect(200)).body.user.email).toBe('evelien.poppe@example.org');
    expect((await getOne(t.http, 'users/student-02').expect(200)).body.user).not.toHaveProperty('email');
    expect(idsOf(await list(t.http, 'users', { filter: "email='evelien.poppe@example.org'" }))).toEqual(['teacher-1']);
  });
});
