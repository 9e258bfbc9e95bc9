import { parse } from 'csv-parse/sync';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AcademicSessionEntity } from '../../src/academic-sessions/academic-session.entity';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { formatProblem, ImportProblem } from '../../src/csv/import-problem';
import { ImportOptions } from '../../src/csv/import-report';
import { OrgEntity } from '../../src/orgs/org.entity';
import { UserEntity } from '../../src/users/user.entity';
import { dumpRostering, editCsv, FIXTURES, recordOf, SAMPLE_DATA_DIR, zipBundle } from '../support/bundles';
import { startTestApp, TestApp } from '../support/test-app';

// Third-party samples (docs/development.md names them), read in place from SAMPLE_DATA_DIR and never copied here.
// Each expectation below is a decision of docs/csv-import.md, "Import decisions", for one way a sample deviates.
const SAMPLES = SAMPLE_DATA_DIR ?? '';
const FULL = join(SAMPLES, 'catalyst-moodle-enrol_oneroster', 'Test_full_data_set');
const MINIMAL = join(SAMPLES, 'catalyst-moodle-enrol_oneroster', 'Test_minimal_data_set');
const OAT = join(SAMPLES, 'oat-sa-oneroster-import', 'OneRosterv1p1BaseCSV');
const SDS = join(SAMPLES, 'OfficeDev-O365-EDU-Tools');

const T1 = '2026-11-01T06:00:00.000Z';
const T2 = '2026-11-02T06:00:00.000Z';
const at = (iso: string) => () => new Date(iso);
const sorted = (problems: ImportProblem[]) => problems.map(formatProblem).sort();

/** A writable copy of a sample set, for a test that edits it. */
function copySample(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'sample-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

// catalyst §5.1/§5.2: the only org is a department, and file.courses is absent although classes name courses.
const notASchool = (file: string, line: number) =>
  `${file}:${line} schoolSourcedId: no school (org of type school) with sourcedId 'org-sch-222-456' in orgs.csv`;
const noCourse = (line: number, id: string) =>
  `classes.csv:${line} courseSourcedId: no course with sourcedId '${id}' in the database (the manifest declares courses.csv absent)`;
const CATALYST_ERRORS = [
  notASchool('classes.csv', 2),
  notASchool('classes.csv', 3),
  ...[2, 3, 4, 5, 6, 7].map((line) => notASchool('enrollments.csv', line)),
  noCourse(2, 'crs-222-2023-456-12345'),
  noCourse(3, 'crs-222-2023-456-23456'),
];
const FULL_ERRORS = [
  ...CATALYST_ERRORS,
  "orgs.csv:2 parentSourcedId: no org with sourcedId 'org-sch-222-3456' in orgs.csv",
  "academicSessions.csv:3 parentSourcedId: no academic session with sourcedId 'as-syr-222-2023' in academicSessions.csv",
  "academicSessions.csv:6 parentSourcedId: no academic session with sourcedId 'as-syr-222-2023' in academicSessions.csv",
];

const textForm = (file: string, finalNewline = false) =>
  `${file}:0: text form accepted: CRLF line ends${finalNewline ? '' : ', no newline after the last line'}`;
const CATALYST_WARNINGS = [
  ...['manifest.csv', 'orgs.csv', 'academicSessions.csv', 'classes.csv', 'enrollments.csv'].map((file) =>
    textForm(file),
  ),
  textForm('users.csv', true),
  "classes.csv:2 classType: 'Scheduled' read as 'scheduled' (OneRoster values are case-sensitive)",
  "users.csv:2 enabledUser: 'TRUE' read as 'true' (OneRoster values are case-sensitive) (6 rows, first here)",
];
const filledStatus = (file: string, rows = '') =>
  `${file}:2 status: filled in a bulk file (the bulk convention is blank); the value is applied${rows}`;
const filledDate = (file: string, rows = '') =>
  `${file}:2 dateLastModified: filled in a bulk file (the bulk convention is blank); not kept: dateLastModified is when this service changes a record${rows}`;
const dateOnly = (file: string, line: number, value: string, rows = '') =>
  `${file}:${line} dateLastModified: '${value}' is not in the YYYY-MM-DDTHH:MM:SS.sssZ form; read as UTC${rows}`;
const FULL_WARNINGS = [
  ...CATALYST_WARNINGS,
  filledStatus('orgs.csv'),
  filledDate('orgs.csv'),
  filledStatus('academicSessions.csv', ' (5 rows, first here)'),
  filledDate('academicSessions.csv', ' (5 rows, first here)'),
  filledStatus('classes.csv', ' (2 rows, first here)'),
  filledDate('classes.csv', ' (2 rows, first here)'),
  filledStatus('users.csv', ' (5 rows, first here)'),
  filledDate('users.csv', ' (5 rows, first here)'),
  filledStatus('enrollments.csv', ' (6 rows, first here)'),
  filledDate('enrollments.csv', ' (6 rows, first here)'),
  "academicSessions.csv:4 status: 'inactive' is deprecated in OneRoster 1.1 and read as 'tobedeleted'",
  dateOnly('academicSessions.csv', 4, '2023-05-01', ' (2 rows, first here)'),
  dateOnly('users.csv', 2, '2023-05-01', ' (4 rows, first here)'),
  dateOnly('users.csv', 7, '2023-06-15'),
  'classes.csv:2 subjectCodes: has a different number of values than subjects',
];

// oat-sa §5.3: 1.0 headers in a bundle that declares 1.1, and header-only bulk files.
const renamed = (file: string, column: string, old: string) =>
  `${file}:1 ${column}: column '${old}' is not OneRoster 1.1: it is called '${column}' there`;
const missing = (file: string, column: string) =>
  `${file}:1 ${column}: the required 1.1 column '${column}' is missing (every column must be present, even if empty)`;
const emptyBulk = (file: string) =>
  `${file}:2: a bulk file with no data rows would mark every stored record tobedeleted; declare it absent instead`;
const OAT_ERRORS = [
  missing('academicSessions.csv', 'schoolYear'),
  emptyBulk('academicSessions.csv'),
  renamed('courses.csv', 'schoolYearSourcedId', 'schoolYearId'),
  renamed('courses.csv', 'grades', 'grade'),
  missing('courses.csv', 'subjectCodes'),
  emptyBulk('courses.csv'),
  renamed('classes.csv', 'grades', 'grade'),
  missing('classes.csv', 'subjectCodes'),
  missing('classes.csv', 'periods'),
  renamed('users.csv', 'userIds', 'userId'),
  renamed('users.csv', 'agentSourcedIds', 'agents'),
  missing('users.csv', 'middleName'),
  missing('users.csv', 'grades'),
  missing('users.csv', 'password'),
  missing('enrollments.csv', 'beginDate'),
  missing('enrollments.csv', 'endDate'),
  renamed('demographics.csv', 'sourcedId', 'userSourcedId'),
  renamed('demographics.csv', 'birthDate', 'birthdate'),
  emptyBulk('demographics.csv'),
];
const OAT_WARNINGS = [
  ...['manifest.csv', 'academicSessions.csv', 'courses.csv'].map(
    (file) => `${file}:0: text form accepted: no newline after the last line`,
  ),
  'orgs.csv:1: columns are not in the 1.1 order; they are read by name',
  'orgs.csv:1: extension column(s) ignored: ext_imagineLearning_databaseId',
  filledStatus('orgs.csv'),
  filledDate('orgs.csv'),
  dateOnly('orgs.csv', 2, '2017-05-06 08:01:05'),
  'classes.csv:1: extension column(s) ignored: ext_imagineLearning_databaseId',
  'users.csv:1: extension column(s) ignored: ext_imagineLearning_databaseId, ext_imagineLearning_ssoId, ' +
    'ext_imagineLearning_studentPassword, ext_imagineLearning_studentGrade, ext_imagineLearning_Language, ' +
    'ext_tao_userMotherName, ext_tao_userFatherName',
];

const SDS_V2_ERROR =
  "manifest.csv:0: missing: this looks like an SDS v2 CSV set (Microsoft's own format: no manifest.csv, no " +
  'status/dateLastModified columns), not a OneRoster 1.1 bundle; export OneRoster 1.1 CSV from the SIS instead';

const haveSamples = SAMPLE_DATA_DIR !== undefined && existsSync(SAMPLE_DATA_DIR);
if (SAMPLE_DATA_DIR !== undefined && !haveSamples) {
  describe('third-party sample bundles', () => {
    it('are present in SAMPLE_DATA_DIR', () => {
      throw new Error(`SAMPLE_DATA_DIR=${SAMPLE_DATA_DIR} does not exist`);
    });
  });
} else if (!haveSamples) {
  console.warn('sample-bundles.e2e-spec: skipped, SAMPLE_DATA_DIR is not set (see docs/development.md)');
}

describe.skipIf(!haveSamples)(
  `third-party sample bundles${haveSamples ? '' : ' (skipped: SAMPLE_DATA_DIR not set)'}`,
  () => {
    let t: TestApp;
    let importer: BundleImporter;
    const importBundle = (source: string, options: ImportOptions = {}) =>
      importer.importBundle(source, { now: at(T2), ...options });
    /** Loads our own base fixture, so "changes nothing" is checked against real data. */
    const seeded = async () => {
      expect((await importer.importBundle(join(FIXTURES, 'base'), { now: at(T1) })).applied).toBe(true);
      return dumpRostering(t.dataSource);
    };
    const rejectedRows = (path: string) =>
      (parse(readFileSync(path), { columns: true }) as Record<string, string>[])
        .map((r) => `${r.file}:${r.line} ${r.column}: ${r.reason}`)
        .sort();

    beforeEach(async () => {
      t = await startTestApp();
      importer = t.app.get(BundleImporter);
    });
    afterEach(() => t?.close());

    describe('catalyst Test_full_data_set (OneRoster 1.1, §5.1)', () => {
      it('is rejected for its references to records defined nowhere, and changes nothing', async () => {
        const before = await seeded();
        const report = await importBundle(FULL);
        expect(report.applied).toBe(false);
        expect(sorted(report.errors)).toEqual(FULL_ERRORS.sort());
        expect(report.errorCount).toBe(FULL_ERRORS.length);
        expect(await dumpRostering(t.dataSource)).toEqual(before);
      });

      it('accepts its other deviations with warnings: CRLF, no final newline, TRUE, Scheduled, inactive, filled bulk status, date-only dates', async () => {
        const report = await importBundle(FULL);
        expect(sorted(report.warnings)).toEqual(FULL_WARNINGS.sort());
      });

      it('--skip-invalid: every row hangs off the org with the undefined parent, so all are rejected and written out', async () => {
        const rejectedCsvPath = join(mkdtempSync(join(tmpdir(), 'rejected-')), 'rejected.csv');
        const report = await importBundle(FULL, { skipInvalid: true, rejectedCsvPath });
        expect(report.applied).toBe(true);
        const lost = (file: string, line: number, column: string, what: string, id: string, source: string) =>
          `${file}:${line} ${column}: no ${what} with sourcedId '${id}' left to refer to: its row in ${source} was rejected`;
        expect(rejectedRows(rejectedCsvPath)).toEqual(
          [
            ...FULL_ERRORS,
            ...[2, 3, 4, 5, 6, 7].map((line) =>
              lost('users.csv', line, 'orgSourcedIds', 'org', 'org-sch-222-456', 'orgs.csv'),
            ),
            ...[2, 4, 5].map((line) =>
              lost(
                'academicSessions.csv',
                line,
                'parentSourcedId',
                'academic session',
                'as-trm-222-1234',
                'academicSessions.csv',
              ),
            ),
          ].sort(),
        );
        for (const [file, rows] of Object.entries({
          orgs: 1,
          academicSessions: 5,
          classes: 2,
          users: 6,
          enrollments: 6,
        })) {
          expect(report.files[file]).toMatchObject({ rows, rejected: rows, inserted: 0, updated: 0, deleted: 0 });
        }
        const dump = await dumpRostering(t.dataSource);
        const tables = [
          'orgs',
          'academic_sessions',
          'classes',
          'class_terms',
          'users',
          'user_orgs',
          'user_agents',
          'enrollments',
        ];
        expect(tables.flatMap((table) => dump[table])).toEqual([]);
      });
    });

    describe('catalyst Test_minimal_data_set (OneRoster 1.1, §5.2)', () => {
      it('is rejected for classes and enrollments that name no school and no stored course, and changes nothing', async () => {
        const before = await seeded();
        const report = await importBundle(MINIMAL);
        expect(report.applied).toBe(false);
        expect(sorted(report.errors)).toEqual([...CATALYST_ERRORS].sort());
        expect(sorted(report.warnings)).toEqual([...CATALYST_WARNINGS].sort());
        expect(await dumpRostering(t.dataSource)).toEqual(before);
      });

      it('reads the same from the zip it was published as', async () => {
        const report = await importBundle(await zipBundle(MINIMAL));
        expect(sorted(report.errors)).toEqual([...CATALYST_ERRORS].sort());
        expect(sorted(report.warnings)).toEqual([...CATALYST_WARNINGS].sort());
      });

      it('--skip-invalid imports the org, sessions and users, and writes the classes and enrollments it rejects', async () => {
        const rejectedCsvPath = join(mkdtempSync(join(tmpdir(), 'rejected-')), 'rejected.csv');
        const report = await importBundle(MINIMAL, { skipInvalid: true, rejectedCsvPath });
        expect(report.applied).toBe(true);
        expect(report.rejectedCsvPath).toBe(rejectedCsvPath);
        expect(rejectedRows(rejectedCsvPath)).toEqual([...CATALYST_ERRORS].sort());
        expect(report.files).toMatchObject({
          orgs: { rows: 1, rejected: 0, inserted: 1 },
          academicSessions: { rows: 5, rejected: 0, inserted: 5 },
          classes: { rows: 2, rejected: 2, inserted: 0 },
          users: { rows: 6, rejected: 0, inserted: 6 },
          enrollments: { rows: 6, rejected: 6, inserted: 0 },
        });
        expect(await recordOf(t.dataSource, OrgEntity, 'org-sch-222-456')).toMatchObject({
          type: 'department',
          status: 'active',
          dateLastModified: T2,
        });
        expect(await recordOf(t.dataSource, UserEntity, 'usr-222-123456')).toMatchObject({
          enabledUser: true,
          role: 'teacher',
          status: 'active',
        });
        expect(await recordOf(t.dataSource, AcademicSessionEntity, 'as-grp-222-3456')).toMatchObject({
          type: 'schoolYear',
          schoolYear: '2023',
        });
        const dump = await dumpRostering(t.dataSource);
        expect([dump.classes, dump.enrollments]).toEqual([[], []]);
      });

      it('accepts a UTF-8 byte-order mark with a warning, and warns about nothing in a clean file', async () => {
        const dir = copySample(MINIMAL);
        editCsv(dir, 'users.csv', (text) => `\uFEFF${text}`);
        editCsv(dir, 'orgs.csv', (text) => `${text.replace(/\r\n/g, '\n')}\n`);
        const report = await importBundle(dir);
        expect(sorted(report.errors)).toEqual([...CATALYST_ERRORS].sort());
        expect(sorted(report.warnings)).toEqual(
          [
            ...CATALYST_WARNINGS.filter((w) => !w.startsWith('users.csv:0') && !w.startsWith('orgs.csv:0')),
            'users.csv:0: text form accepted: a UTF-8 byte-order mark (ignored), CRLF line ends',
          ].sort(),
        );
      });
    });

    describe('oat-sa OneRosterv1p1BaseCSV (declares 1.1, content largely 1.0, §5.3)', () => {
      it('is rejected, naming each renamed column with its 1.1 name, each missing column and each header-only bulk file', async () => {
        const before = await seeded();
        const report = await importBundle(OAT);
        expect(report.applied).toBe(false);
        expect(sorted(report.errors)).toEqual([...OAT_ERRORS].sort());
        expect(sorted(report.warnings)).toEqual([...OAT_WARNINGS].sort());
        expect(await dumpRostering(t.dataSource)).toEqual(before);
      });

      it('stays rejected with --skip-invalid: a bad header or an empty bulk file is not a row to set aside', async () => {
        const before = await seeded();
        const rejectedCsvPath = join(mkdtempSync(join(tmpdir(), 'rejected-')), 'rejected.csv');
        const report = await importBundle(OAT, { skipInvalid: true, rejectedCsvPath });
        expect(report.applied).toBe(false);
        expect(sorted(report.errors)).toEqual([...OAT_ERRORS].sort());
        expect(await dumpRostering(t.dataSource)).toEqual(before);
      });
    });

    describe('OfficeDev SDS v2 and v2.1 CSV (not OneRoster: no manifest)', () => {
      it.each(['SDS-v2', 'SDS-v2.1'])('%s is refused as an SDS v2 CSV set, as a folder and zipped', async (set) => {
        const before = await seeded();
        for (const source of [join(SDS, set), await zipBundle(join(SDS, set))]) {
          const report = await importBundle(source, {
            skipInvalid: true,
            rejectedCsvPath: join(mkdtempSync(join(tmpdir(), 'rejected-')), 'r.csv'),
          });
          expect(report).toMatchObject({ applied: false, files: {}, warnings: [] });
          expect(report.errors.map(formatProblem)).toEqual([SDS_V2_ERROR]);
        }
        expect(await dumpRostering(t.dataSource)).toEqual(before);
      });
    });
  },
);
