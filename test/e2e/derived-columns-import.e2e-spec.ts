import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassEntity } from '../../src/classes/class.entity';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UserEntity } from '../../src/users/user.entity';
import { copyBundle, editCsv, otherSisBundle } from '../support/bundles';
import { MovableClock } from '../support/movable-clock';
import { API, startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

/** usr-s-1's one enrollment (enr-2) beginning on `date`; every other line of the bundle as in the fixture. */
function beginningOn(date: string): string {
  const dir = copyBundle('base');
  editCsv(dir, 'enrollments.csv', (text) => text.replace(/^(enr-2,.*,student,false,)[^,]*,/m, `$1${date},`));
  return dir;
}

describe('derived columns across imports: what changed alone moves what depends on it', () => {
  let t: TestApp;
  const importing = (dir: string) => t.app.get(BundleImporter).importBundle(dir);
  const served = async () =>
    ((await t.http.get(`${API}/students?limit=100`).expect(200)).body.users as { sourcedId: string }[])
      .map((user) => user.sourcedId)
      .includes('usr-s-1');

  beforeAll(async () => {
    // Mid-September: enr-2 runs until 30 June, so it can begin in October (later) or on 1 September (already).
    t = await startTestApp({}, undefined, new MovableClock(new Date('2026-09-15T10:00:00Z')));
    await t.app.get(TenantsService).update(TEST_TENANT, { futureStudents: 'exclude' });
  });
  afterAll(() => t?.close());

  it('holds the pupil back while the enrollment begins later, and serves them once an import moves it earlier', async () => {
    expect((await importing(beginningOn('2026-10-01'))).applied).toBe(true);
    expect(await served()).toBe(false);
    const moved = await importing(beginningOn('2026-09-01'));
    expect([moved.files.users.updated, moved.files.enrollments.updated]).toEqual([0, 1]);
    expect(await served()).toBe(true);
    await importing(beginningOn('2026-10-01'));
    expect(await served()).toBe(false);
  });

  it('moves the school-year span of a class whose term changed year, and of its enrollments, which did not change', async () => {
    const spans = async () => {
      const cls = await t.dataSource.getRepository(ClassEntity).findOneByOrFail({ sourcedId: 'class-1a-wis' });
      const enr = await t.dataSource.getRepository(EnrollmentEntity).findOneByOrFail({ sourcedId: 'enr-2' });
      return [cls.schoolYearFirst, cls.schoolYearLast, enr.schoolYearFirst, enr.schoolYearLast].map(String);
    };
    const base = beginningOn('2026-09-01');
    await importing(base);
    expect(await spans()).toEqual(['2027', '2027', '2027', '2027']);
    editCsv(base, 'academicSessions.csv', (text) => text.replace(/^(as-2027-t2,.*),2027$/m, '$1,2028'));
    const sessionMoved = await importing(base);
    expect([sessionMoved.files.academicSessions.updated, sessionMoved.files.classes.updated]).toEqual([1, 0]);
    expect(await spans()).toEqual(['2027', '2028', '2027', '2028']);
    editCsv(base, 'classes.csv', (text) => text.replace('"as-2027-t1,as-2027-t2"', 'as-2027-t1'));
    const termsMoved = await importing(base);
    expect([termsMoved.files.classes.updated, termsMoved.files.enrollments.updated]).toEqual([1, 0]);
    expect(await spans()).toEqual(['2027', '2027', '2027', '2027']);
  });
});

describe('derived columns of a first import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it("gives every enrollment its class's school-year span and every pupil their first begin date", async () => {
    // The tables are filled from empty: the copy derives the spans and the first begin dates, nothing compares them
    // afterwards. A teacher's enrollment of a pupil beginning earlier is not theirs as a student.
    const dir = beginningOn('2026-10-01');
    editCsv(
      dir,
      'enrollments.csv',
      (text) => `${text}enr-as-teacher,,,class-1a-wis,org-school-1,usr-s-1,teacher,false,2026-08-01,\n`,
    );
    expect((await t.app.get(BundleImporter).importBundle(dir)).applied).toBe(true);
    const [classes, enrollments, users] = await Promise.all([
      t.dataSource.getRepository(ClassEntity).find(),
      t.dataSource.getRepository(EnrollmentEntity).find(),
      t.dataSource.getRepository(UserEntity).find(),
    ]);
    const spanOf = new Map(classes.map((cls) => [cls.sourcedId, [cls.schoolYearFirst, cls.schoolYearLast]]));
    expect(classes.every((cls) => cls.schoolYearFirst !== null && cls.schoolYearLast !== null)).toBe(true);
    for (const enrollment of enrollments)
      expect([enrollment.schoolYearFirst, enrollment.schoolYearLast]).toEqual(spanOf.get(enrollment.classSourcedId));
    expect(firstBeginDates(users, enrollments)).toEqual(users.map((user) => [user.sourcedId, user.firstBeginDate]));
    expect(users.find((user) => user.sourcedId === 'usr-s-1')?.firstBeginDate).toBe('2026-10-01');
  });

  it('gives the pupils of a new board their first begin dates as their users are copied among the others', async () => {
    const report = await t.app.get(BundleImporter).importBundle(otherSisBundle('gent-'), { feed: 'gent' });
    expect([report.applied, (report.files.users?.inserted ?? 0) > 0]).toEqual([true, true]);
    const [enrollments, users] = await Promise.all([
      t.dataSource.getRepository(EnrollmentEntity).find(),
      t.dataSource.getRepository(UserEntity).findBy({ feed: 'gent' }),
    ]);
    expect(users.some((user) => user.firstBeginDate !== null)).toBe(true);
    expect(firstBeginDates(users, enrollments)).toEqual(users.map((user) => [user.sourcedId, user.firstBeginDate]));
  });
});

/** Each user's id and earliest active student enrollment's begin date, as refreshFirstBeginDates derives it. */
function firstBeginDates(users: UserEntity[], enrollments: EnrollmentEntity[]) {
  const firstBegin = (user: UserEntity) =>
    enrollments
      .filter((e) => e.userSourcedId === user.sourcedId && e.role === 'student' && e.status === 'active')
      .map((e) => e.beginDate ?? '0000-00-00')
      .sort()[0] ?? null;
  return users.map((user) => [user.sourcedId, firstBegin(user)]);
}
