import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ObjectLiteral } from 'typeorm';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { ImportOptions } from '../../src/csv/import-report';
import { APPLY_TARGETS, tablesOf } from '../../src/csv/apply-targets';
import { ROSTER_FILES } from '../../src/csv/manifest';
import { UserEntity } from '../../src/users/user.entity';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { ClassEntity } from '../../src/classes/class.entity';
import { copyBundle, editCsv, recordOf, withoutOnePupil } from '../support/bundles';
import { startTestApp, TestApp } from '../support/test-app';

const RECORD_TABLES = ROSTER_FILES.flatMap((file) => tablesOf(APPLY_TARGETS[file]));

/** Every record and relation list, ordered by key: what the two ways of reading a bundle must both leave. */
async function records(t: TestApp): Promise<Record<string, ObjectLiteral[]>> {
  const dump: Record<string, ObjectLiteral[]> = {};
  for (const entity of RECORD_TABLES) {
    const metadata = t.dataSource.getMetadata(entity);
    const order = Object.fromEntries(metadata.primaryColumns.map((c) => [c.propertyName, 'ASC' as const]));
    dump[metadata.tableName] = await t.dataSource.getRepository(entity).find({ order });
  }
  return dump;
}

/** Forgets every stored line hash, as a database from before line hashes has none: the next import reads whole. */
async function forgetLines(t: TestApp) {
  for (const file of ROSTER_FILES)
    await t.dataSource.createQueryBuilder().update(APPLY_TARGETS[file].entity).set({ lineHash: null }).execute();
}

let minute = 0;
/** Each import at its own fixed time, the same in both apps. */
const at = (): ImportOptions => {
  const now = new Date(Date.UTC(2026, 11, 6, 6, minute++));
  return { now: () => now };
};

const renamedClass = () => {
  const dir = copyBundle('base');
  editCsv(dir, 'classes.csv', (text) => text.replace('Nederlands 1B', 'Frans 1B'));
  return dir;
};

/**
 * An import carries the lines its feed's records were last read from: they are not parsed or staged. What it leaves
 * must be exactly what reading the bundle whole leaves, and anything out of the ordinary is read again whole.
 */
describe('carried lines', () => {
  describe('leave what a whole read leaves', () => {
    let carrying: TestApp;
    let whole: TestApp;
    const both = async (dir: string, carryingOptions: ImportOptions = {}) => {
      const options = at();
      await whole.dataSource.transaction(async () => forgetLines(whole));
      const [carried, read] = await Promise.all([
        carrying.app.get(BundleImporter).importBundle(dir, { ...options, ...carryingOptions }),
        whole.app.get(BundleImporter).importBundle(dir, options),
      ]);
      return { carried, read };
    };

    beforeAll(async () => {
      carrying = await startTestApp({ IMPORT_GUARD_PERCENT: '100', IMPORT_GUARD_MINIMUM: '0' });
      whole = await startTestApp({ IMPORT_GUARD_PERCENT: '100', IMPORT_GUARD_MINIMUM: '0' });
      await both(copyBundle('base'));
    });
    afterAll(async () => {
      await carrying?.close();
      await whole?.close();
    });

    it('for a renamed class: one line parsed, every other carried', async () => {
      const { carried, read } = await both(renamedClass());
      expect(carried.files.classes).toMatchObject({ rows: 2, carried: 1, updated: 1, unchanged: 1 });
      expect(carried.files.enrollments).toMatchObject({ rows: 4, carried: 4, unchanged: 4, deleted: 0 });
      expect(carried.files.orgs.carried).toBeUndefined();
      expect(read.files.classes.carried).toBeUndefined();
      const { carried: _c, ...counts } = carried.files.classes;
      expect(counts).toEqual(read.files.classes);
      expect(await records(carrying)).toEqual(await records(whole));
    });

    it('for a pupil who left: the records the files no longer list become tobedeleted', async () => {
      const { carried, read } = await both(withoutOnePupil());
      expect(carried.files.users).toMatchObject({ carried: 4, deleted: 1 });
      expect(carried.files.enrollments).toMatchObject({ carried: 3, deleted: 1 });
      expect(read.files.users).toMatchObject({ deleted: 1 });
      expect((await recordOf(carrying.dataSource, UserEntity, 'usr-s-3')).status).toBe('tobedeleted');
      expect(await records(carrying)).toEqual(await records(whole));
    });

    it('for the pupil back, the class renamed back and a reordered header', async () => {
      const dir = copyBundle('base');
      editCsv(dir, 'courses.csv', (text) => {
        const [header, ...rows] = text
          .trimEnd()
          .split('\n')
          .map((line) => line.split(','));
        const swap = (cells: string[]) => [cells[1], cells[0], ...cells.slice(2)].join(',');
        return `${[header, ...rows].map(swap).join('\n')}\n`;
      });
      const { carried } = await both(dir);
      expect(carried.files.courses).toMatchObject({ carried: 0, unchanged: 2 });
      expect(carried.files.users).toMatchObject({ carried: 4, inserted: 0, updated: 1 });
      expect(await records(carrying)).toEqual(await records(whole));
    });

    it('with references to carried records checked in SQL, as past the ids an import remembers', async () => {
      const dir = copyBundle('base');
      editCsv(dir, 'enrollments.csv', (text) =>
        text.replace('usr-s-2,student,,2026-12-01', 'usr-s-2,student,,2026-12-02'),
      );
      const { carried, read } = await both(dir, { rememberedTargets: 0 });
      expect(carried.applied).toBe(true);
      expect(carried.files.enrollments).toMatchObject({ carried: 3, updated: 1 });
      expect(carried.files.users).toMatchObject({ carried: 5, unchanged: 5 });
      expect(read.files.enrollments).toMatchObject({ updated: 1 });
      expect(await records(carrying)).toEqual(await records(whole));
    });
  });

  describe('out of the ordinary, read whole', () => {
    let t: TestApp;
    const importBundle = (dir: string) => t.app.get(BundleImporter).importBundle(dir, at());

    beforeEach(async () => {
      t = await startTestApp({ IMPORT_GUARD_PERCENT: '100', IMPORT_GUARD_MINIMUM: '0' });
      expect((await importBundle(copyBundle('base'))).applied).toBe(true);
    });
    afterEach(() => t?.close());

    it('a class removed while its enrollments are still listed: their references are reported, on their lines', async () => {
      const dir = copyBundle('base');
      editCsv(dir, 'classes.csv', (text) => text.replace(/^class-1b-ned,.*\n/m, ''));
      const report = await importBundle(dir);
      expect(report.applied).toBe(false);
      expect(report.files.enrollments.carried).toBeUndefined();
      expect(report.errors).toContainEqual(
        expect.objectContaining({ file: 'enrollments.csv', line: 5, column: 'classSourcedId' }),
      );
    });

    it('a school that is no longer one: the carried classes and enrollments in it are reported', async () => {
      const dir = copyBundle('base');
      editCsv(dir, 'orgs.csv', (text) => text.replace('Atheneum Zuid,school', 'Atheneum Zuid,department'));
      const report = await importBundle(dir);
      expect(report.applied).toBe(false);
      expect(report.errors).toContainEqual(
        expect.objectContaining({ file: 'classes.csv', line: 3, column: 'schoolSourcedId' }),
      );
    });

    it('a changed line pointing at a record its file no longer lists is reported, its reference checked in SQL', async () => {
      const dir = withoutOnePupil();
      editCsv(
        dir,
        'enrollments.csv',
        (text) => `${text}enr-4,,,class-1b-ned,org-school-2,usr-s-3,student,,2026-09-05,\n`,
      );
      const report = await t.app.get(BundleImporter).importBundle(dir, { ...at(), rememberedTargets: 0 });
      expect(report.applied).toBe(false);
      expect(report.errors).toContainEqual(
        expect.objectContaining({
          file: 'enrollments.csv',
          line: 5,
          column: 'userSourcedId',
          reason: "no user with sourcedId 'usr-s-3' in users.csv",
        }),
      );
    });

    it('a line listed twice is reported as a duplicate, on its line', async () => {
      const dir = copyBundle('base');
      editCsv(dir, 'enrollments.csv', (text) => `${text}${text.split('\n')[1]}\n`);
      const report = await importBundle(dir);
      expect(report.applied).toBe(false);
      expect(report.errors).toContainEqual(expect.objectContaining({ file: 'enrollments.csv', line: 6 }));
    });

    it('a sourcedId carried and parsed both is reported as a duplicate', async () => {
      const dir = copyBundle('base');
      editCsv(dir, 'enrollments.csv', (text) => `${text}enr-1,,,class-1b-ned,org-school-2,usr-s-3,student,,,\n`);
      const report = await importBundle(dir);
      expect(report.applied).toBe(false);
      expect(report.errors).toContainEqual(expect.objectContaining({ file: 'enrollments.csv', line: 6 }));
    });

    it('records without line hashes take them, their dateLastModified unchanged, and the next import carries them', async () => {
      const before = await recordOf(t.dataSource, EnrollmentEntity, 'enr-2');
      await forgetLines(t);
      const adopted = await importBundle(renamedClass());
      expect(adopted.files.enrollments.carried).toBeUndefined();
      const after = await recordOf(t.dataSource, EnrollmentEntity, 'enr-2');
      expect(after.lineHash).toBeTruthy();
      expect(after.dateLastModified).toBe(before.dateLastModified);
      const next = await importBundle(copyBundle('base'));
      expect(next.files.enrollments).toMatchObject({ carried: 4, unchanged: 4 });
      expect(next.files.classes).toMatchObject({ carried: 1, updated: 1 });
      expect((await recordOf(t.dataSource, ClassEntity, 'class-1b-ned')).title).toBe('Nederlands 1B');
    });
  });

  describe('a held import', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ IMPORT_GUARD_PERCENT: '20', IMPORT_GUARD_MINIMUM: '0' });
      expect((await t.app.get(BundleImporter).importBundle(copyBundle('base'), at())).applied).toBe(true);
    });
    afterAll(() => t?.close());

    it('publishes, once approved, exactly the removals it showed: the carried records stay', async () => {
      const importer = t.app.get(BundleImporter);
      const held = await importer.importBundle(withoutOnePupil(), at());
      expect(held.held).toBe(true);
      expect(held.files.users.carried).toBe(4);
      const approved = await importer.approveHeld(held.importId, at());
      expect(approved.applied).toBe(true);
      expect(approved.files.users).toMatchObject({ carried: 4, unchanged: 4, deleted: 1 });
      const users = await t.dataSource.getRepository(UserEntity).find({ order: { sourcedId: 'ASC' } });
      expect(users.filter((user) => user.status === 'tobedeleted').map((user) => user.sourcedId)).toEqual(['usr-s-3']);
      expect(users.filter((user) => user.status === 'active')).toHaveLength(4);
    });
  });
});
