import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClassEntity } from '../../src/classes/class.entity';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { formatProblem } from '../../src/csv/import-problem';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { ImportReferenceEntity } from '../../src/csv/import-reference.entity';
import { ImportRunEntity } from '../../src/csv/import-run.entity';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { UserEntity } from '../../src/users/user.entity';
import { copyBundle, dumpRostering, editCsv, FIXTURES, recordOf, setManifest, zipBundle } from '../support/bundles';
import { API, startTestApp, TestApp } from '../support/test-app';
import { join } from 'node:path';

const at = (iso: string) => () => new Date(iso);
const T1 = '2026-11-01T06:00:00.000Z';
const T2 = '2026-11-02T06:00:00.000Z';

describe('CSV bundle import', () => {
  let t: TestApp;
  let importer: BundleImporter;
  beforeEach(async () => {
    t = await startTestApp();
    importer = t.app.get(BundleImporter);
  });
  afterEach(() => t?.close());

  it('imports a bundle and serves it through the API', async () => {
    const report = await importer.importBundle(join(FIXTURES, 'base'), { now: at(T1) });
    expect(report.errors).toEqual([]);
    expect(report.applied).toBe(true);
    expect(report.files.users).toMatchObject({ mode: 'bulk', rows: 5, inserted: 5, rejected: 0 });
    const res = await t.http.get(`${API}/users/usr-s-3`).expect(200);
    expect(res.body.user).toMatchObject({
      dateLastModified: T1,
      username: 'jurgen.dhondt',
      givenName: 'Jürgen',
      familyName: "D'Hondt", // blank in users.csv: assigned from the format
      userIds: [
        { type: 'LDAP', identifier: '12' },
        { type: 'LTI', identifier: '15' },
      ],
      orgs: [
        expect.objectContaining({ sourcedId: 'org-school-2' }),
        expect.objectContaining({ sourcedId: 'org-district' }),
      ],
    });
    const site = await t.http.get(`${API}/orgs/org-site-1a`).expect(200);
    expect(site.body.org.name).toBe('Sint-Jozefscollege, Campus Noord');
    const klass = await t.http.get(`${API}/classes/class-1a-wis`).expect(200);
    expect(klass.body.class.terms.map((r: { sourcedId: string }) => r.sourcedId)).toEqual(['as-2027-t1', 'as-2027-t2']);
    expect(klass.body.class.periods).toEqual(['1', '3']);
    const teacher = await recordOf(t.dataSource, UserEntity, 'usr-t-1');
    expect(teacher).not.toHaveProperty('password');
  });

  it('re-importing the same bundle changes nothing, not even dateLastModified', async () => {
    await importer.importBundle(join(FIXTURES, 'base'), { now: at(T1) });
    const before = await dumpRostering(t.dataSource);
    const again = await importer.importBundle(join(FIXTURES, 'base'), { now: at(T2) });
    expect(again.files.enrollments).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, deleted: 0 });
    expect(await dumpRostering(t.dataSource)).toEqual(before);
  });

  it("checks the bundle's very first reference too", async () => {
    const dir = copyBundle('base');
    editCsv(dir, 'orgs.csv', (text) =>
      text.replace(
        'org-school-1,,,Sint-Jozefscollege,school,012345,org-district',
        'org-school-1,,,Sint-Jozefscollege,school,012345,org-nowhere',
      ),
    );
    const report = await importer.importBundle(dir, { now: at(T1) });
    expect(report.errors.map(formatProblem)).toContain(
      "orgs.csv:3 parentSourcedId: no org with sourcedId 'org-nowhere' in orgs.csv",
    );
  });

  it('a bad bundle changes nothing and reports every problem as file:line column: reason', async () => {
    await importer.importBundle(join(FIXTURES, 'base'), { now: at(T1) });
    const before = await dumpRostering(t.dataSource);
    const report = await importer.importBundle(join(FIXTURES, 'errors'), { now: at(T2) });
    expect(report.applied).toBe(false);
    expect(report.errors.map(formatProblem).sort()).toEqual(
      [
        "users.csv:3 role: 'pupil' is not one of administrator, aide, guardian, parent, proctor, relative, student, teacher",
        'users.csv:4 givenName: a value is required',
        "users.csv:5 sourcedId: sourcedId 'usr-s-1' already appears on line 2",
        "users.csv:6 orgSourcedIds: no org with sourcedId 'org-nowhere' in orgs.csv",
        "users.csv:7 userIds: 'abc' is not a list of {type:identifier}",
        "enrollments.csv:2 beginDate: '2026-02-30' is not a date YYYY-MM-DD",
        "enrollments.csv:3 classSourcedId: no class with sourcedId 'class-missing' in classes.csv",
        "enrollments.csv:4 schoolSourcedId: no school (org of type school) with sourcedId 'org-district' in orgs.csv",
        "classes.csv:2 classType: 'lecture' is not one of homeroom, scheduled",
        'classes.csv:3 termSourcedIds: at least one sourcedId is required',
        "orgs.csv:3 dateLastModified: 'yesterday' is not an ISO 8601 date-time such as 2026-11-20T06:00:00.000Z",
      ].sort(),
    );
    expect(await dumpRostering(t.dataSource)).toEqual(before);
  });

  it('--skip-invalid imports the valid rows, rejects what depends on bad ones, and writes the rejects to a CSV', async () => {
    const rejectedCsvPath = join(copyBundle('base'), 'rejected.csv');
    const report = await importer.importBundle(join(FIXTURES, 'errors'), {
      now: at(T1),
      skipInvalid: true,
      rejectedCsvPath,
    });
    expect(report.applied).toBe(true);
    await t.http.get(`${API}/users/usr-s-2`).expect(200);
    await t.http.get(`${API}/users/usr-x-5`).expect(404); // unknown org
    await t.http.get(`${API}/classes/class-bad-type`).expect(404);
    // enrollment of a class that was rejected is rejected in turn
    await t.http.get(`${API}/enrollments/enr-of-bad-class`).expect(404);
    await t.http.get(`${API}/enrollments/enr-ok`).expect(200);
    const csv = readFileSync(rejectedCsvPath, 'utf8');
    expect(csv.split('\n')[0]).toBe('file,line,sourcedId,column,reason');
    expect(csv).toContain(`users.csv,3,usr-x-3,role,"'pupil' is not one of administrator,`);
    expect(csv).toContain("enrollments.csv,5,enr-of-bad-class,classSourcedId,no class with sourcedId 'class-bad-type'");
  });

  it('a bulk file without a record marks it tobedeleted with a new dateLastModified; changed records move, others keep theirs', async () => {
    await importer.importBundle(join(FIXTURES, 'base'), { now: at(T1) });
    const next = copyBundle('base');
    editCsv(next, 'users.csv', (text) => text.replace(/^usr-s-2,.*\n/m, ''));
    editCsv(next, 'enrollments.csv', (text) => text.replace(/^enr-3,.*\n/m, ''));
    editCsv(next, 'classes.csv', (text) => text.replace('Wiskunde 1A', 'Wiskunde 1A (sterk)'));
    const report = await importer.importBundle(next, { now: at(T2) });
    expect(report.files.users).toMatchObject({ deleted: 1, unchanged: 4 });
    expect(await recordOf(t.dataSource, UserEntity, 'usr-s-2')).toMatchObject({
      status: 'tobedeleted',
      dateLastModified: T2,
    });
    expect(await recordOf(t.dataSource, EnrollmentEntity, 'enr-3')).toMatchObject({
      status: 'tobedeleted',
      dateLastModified: T2,
    });
    expect(await recordOf(t.dataSource, ClassEntity, 'class-1a-wis')).toMatchObject({
      title: 'Wiskunde 1A (sterk)',
      dateLastModified: T2,
    });
    expect(await recordOf(t.dataSource, ClassEntity, 'class-1b-ned')).toMatchObject({ dateLastModified: T1 });
    const delta = await t.http.get(`${API}/users?filter=${encodeURIComponent(`dateLastModified>'${T1}'`)}`).expect(200);
    expect(delta.body.users.map((u: UserEntity) => [u.sourcedId, u.status])).toEqual([['usr-s-2', 'tobedeleted']]);
    const full = await t.http.get(`${API}/users?filter=${encodeURIComponent("status='active'")}`).expect(200);
    expect(full.headers['x-total-count']).toBe('4');
  });

  it('a first import stores nothing of a line marked tobedeleted, and counts it skipped', async () => {
    // The database copies the rest: the line is left to the apply's pages, which skip it.
    const dir = copyBundle('base');
    editCsv(
      dir,
      'enrollments.csv',
      (text) => `${text}enr-gone,tobedeleted,,class-1a-wis,org-school-1,usr-s-1,student,,,\n`,
    );
    const report = await importer.importBundle(dir, { now: at(T1) });
    expect(report.files.enrollments).toMatchObject({ rows: 5, inserted: 4, unchanged: 0, skipped: 1 });
    expect(await t.dataSource.getRepository(EnrollmentEntity).existsBy({ sourcedId: 'enr-gone' })).toBe(false);
  });

  it('a delta file upserts and deletes explicitly, leaving the other records alone', async () => {
    await importer.importBundle(join(FIXTURES, 'base'), { now: at(T1) });
    const report = await importer.importBundle(join(FIXTURES, 'delta'), { now: at(T2) });
    expect(report.errors).toEqual([]);
    expect(report.files.users).toMatchObject({
      mode: 'delta',
      inserted: 1,
      updated: 1,
      unchanged: 0,
      deleted: 0,
      skipped: 1,
    });
    expect(await recordOf(t.dataSource, UserEntity, 'usr-s-4')).toMatchObject({
      givenName: 'Noémie',
      dateLastModified: T2,
    });
    expect(await recordOf(t.dataSource, UserEntity, 'usr-s-2')).toMatchObject({
      status: 'tobedeleted',
      dateLastModified: T2,
    });
    expect(await recordOf(t.dataSource, UserEntity, 'usr-s-1')).toMatchObject({
      status: 'active',
      dateLastModified: T1,
    });
  });

  it('reads Excel-style files: BOM, CRLF, quoted commas and line breaks, no final newline', async () => {
    const dir = copyBundle('base');
    editCsv(dir, 'orgs.csv', (text) => `\uFEFF${text.trimEnd().replace(/\n/g, '\r\n')}`);
    editCsv(dir, 'classes.csv', (text) => text.replace('Lokaal 12', '"Gebouw B, Lokaal 12\nverdieping 1"').trimEnd());
    const report = await importer.importBundle(dir, { now: at(T1) });
    expect(report.errors).toEqual([]);
    const klass = await recordOf(t.dataSource, ClassEntity, 'class-1a-wis');
    expect(klass.location).toBe('Gebouw B, Lokaal 12\nverdieping 1');
    await t.http.get(`${API}/orgs/org-district`).expect(200);
  });

  it('names the physical line of a problem after a quoted CRLF and a blank line', async () => {
    const dir = copyBundle('base');
    editCsv(dir, 'users.csv', (text) => {
      const [header, teacher, ...rest] = text.trimEnd().split('\n');
      const multiLine = teacher.replace('Evelien,Poppe,', '"Evelien\r\nMarie",Poppe,');
      return [header, multiLine, '', ...rest, rest[0].replace('usr-s-1', 'usr-s-9').replace('Zoë', '')].join('\r\n');
    });
    const report = await importer.importBundle(dir, { now: at(T1) });
    // The teacher's given name spans lines 2-3 and line 4 is blank: the broken copy stands on the file's last line.
    const last = readFileSync(join(dir, 'users.csv'), 'utf8').split('\r\n').length;
    expect(report.errors.map(formatProblem)).toEqual([`users.csv:${last} givenName: a value is required`]);
  });

  it('reads a zip, with the files at its root or inside one folder', async () => {
    const atRoot = await importer.importBundle(await zipBundle(join(FIXTURES, 'base')), { now: at(T1) });
    expect(atRoot.applied).toBe(true);
    const inFolder = await importer.importBundle(await zipBundle(join(FIXTURES, 'base'), 'export-2026/'), {
      now: at(T2),
    });
    expect(inFolder.files.users).toMatchObject({ unchanged: 5 });
  });

  it('checks the manifest against the files', async () => {
    const dir = copyBundle('base');
    setManifest(dir, 'oneroster.version', '1.2');
    setManifest(dir, 'file.courses', 'absent');
    setManifest(dir, 'file.demographics', 'sometimes');
    const report = await importer.importBundle(dir);
    expect(report.applied).toBe(false);
    expect(report.errors.map(formatProblem)).toEqual(
      expect.arrayContaining([
        "manifest.csv:3 oneroster.version: this service imports OneRoster 1.1 bundles, the manifest says '1.2'",
        'manifest.csv:8 file.courses: courses.csv is in the bundle but the manifest declares it absent (or does not name it)',
        "manifest.csv:10 file.demographics: must be bulk, delta or absent, not 'sometimes'",
      ]),
    );
    expect(existsSync(join(dir, 'manifest.csv'))).toBe(true);
  });

  describe('staging', () => {
    const staged = async () => ({
      records: await t.dataSource.getRepository(ImportRecordEntity).find({ select: { importId: true, line: true } }),
      references: await t.dataSource
        .getRepository(ImportReferenceEntity)
        .find({ select: { importId: true, line: true } }),
    });

    it('leaves no staging rows after an applied or a rejected import, and reports the time of each phase', async () => {
      const applied = await importer.importBundle(join(FIXTURES, 'base'));
      expect(applied.applied).toBe(true);
      expect(await staged()).toEqual({ records: [], references: [] });
      expect(Object.keys(applied.phaseSeconds!)).toEqual(
        expect.arrayContaining(['staging users', 'checks', 'applying enrollments', 'usernames', 'staging cleared']),
      );
      expect(Object.values(applied.phaseSeconds!).every((s) => s >= 0)).toBe(true);

      const rejected = await importer.importBundle(join(FIXTURES, 'errors'));
      expect(rejected.applied).toBe(false);
      expect(await staged()).toEqual({ records: [], references: [] });
      const run = await t.dataSource.getRepository(ImportRunEntity).findOneByOrFail({ id: rejected.importId });
      expect(run.state).toBe('rejected');
    });

    // Ids below and above any other: both sides of the check for other imports' rows.
    it.each(['00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff'])(
      "keeps another import's staging rows (%s) while clearing its own",
      async (otherImport) => {
        const other = { importId: otherImport, entityType: 'user', line: 2, sourcedId: 'usr-x' };
        await t.dataSource
          .getRepository(ImportRecordEntity)
          .insert({ ...other, kind: null, contentHash: 'h', payload: { status: 'active' } });
        await t.dataSource
          .getRepository(ImportReferenceEntity)
          .insert({ ...other, id: 0, columnName: 'orgSourcedIds', targetType: 'org', targetSourcedId: 'org-x' });

        expect((await importer.importBundle(join(FIXTURES, 'base'))).applied).toBe(true);
        expect(await staged()).toEqual({
          records: [{ importId: otherImport, line: 2 }],
          references: [{ importId: otherImport, line: 2 }],
        });
      },
    );
  });
});
