import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { dataSourceOptions } from '../../src/database/data-source';
import { SOURCED_ID_COLUMNS } from '../../src/database/migrations/1763800000014-exact-keys';
import { DEPARTURE_SOURCED_ID_COLUMNS } from '../../src/database/migrations/1763800000016-create-tenant-departures';
import { copyBundle, editCsv, FIXTURES } from '../support/bundles';
import { API, startTestApp, TestApp } from '../support/test-app';
import { join } from 'node:path';

/**
 * SQL Server's default collation compares text case-insensitively. Its nearest local stand-in is a nondeterministic
 * ICU collation on PostgreSQL: every text column gets it, then the sourcedId columns get a binary one, as the
 * ExactKeys migration does on SQL Server. A column missing from that list shows here as PostgreSQL refusing to
 * compare two columns of different collations, as SQL Server refuses with "cannot resolve the collation conflict".
 */
async function collateLikeSqlServer(databaseUrl: string) {
  const settings = parseDatabaseUrl(databaseUrl);
  const admin = new DataSource(dataSourceOptions(settings, []));
  await admin.initialize();
  const schema = `"${settings.schema}"`;
  try {
    await admin.query(
      `CREATE COLLATION ${schema}.case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
    );
    const columns = (await admin.query(
      `SELECT table_name, column_name, character_maximum_length AS length FROM information_schema.columns
       WHERE table_schema = $1 AND data_type = 'character varying'`,
      [settings.schema],
    )) as { table_name: string; column_name: string; length: number }[];
    for (const { table_name, column_name, length } of columns) {
      const exact = { ...SOURCED_ID_COLUMNS, ...DEPARTURE_SOURCED_ID_COLUMNS }[table_name]?.includes(column_name);
      const collation = exact ? '"C"' : `${schema}.case_insensitive`;
      await admin.query(
        `ALTER TABLE ${schema}."${table_name}" ALTER COLUMN "${column_name}" TYPE varchar${length ? `(${length})` : ''} COLLATE ${collation}`,
      );
    }
  } finally {
    await admin.destroy();
  }
}

/** The base bundle with one pupil's sourcedId in upper case: a new record to an exact database. */
function bundleWithUpperCasePupil(): string {
  const dir = copyBundle('base');
  for (const file of ['users.csv', 'demographics.csv', 'enrollments.csv'])
    editCsv(dir, file, (text) => text.replace(/usr-s-1/g, 'USR-S-1'));
  return dir;
}

describe.skipIf(!process.env.TEST_DATABASE_URL?.startsWith('postgres'))(
  'sourcedIds on a case-insensitive database (SQL Server stand-in)',
  () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
      await collateLikeSqlServer(t.db.url);
      expect((await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'))).applied).toBe(true);
    });
    afterAll(() => t?.close());

    it('a sourcedId whose case changed is another record: the import applies, the old one retires', async () => {
      const report = await t.app.get(BundleImporter).importBundle(bundleWithUpperCasePupil());
      expect(report.errors).toEqual([]);
      expect(report.applied).toBe(true);
      const old = await t.http.get(`${API}/users/usr-s-1`).expect(200);
      const renamed = await t.http.get(`${API}/users/USR-S-1`).expect(200);
      expect([old.body.user.status, renamed.body.user.status]).toEqual(['tobedeleted', 'active']);
    });

    it('= on sourcedId is exact, and so are the nested routes and the enrollments that point at it', async () => {
      const exact = await t.http.get(`${API}/users?filter=${encodeURIComponent("sourcedId='usr-s-1'")}`).expect(200);
      expect(exact.body.users.map((user: { sourcedId: string }) => user.sourcedId)).toEqual(['usr-s-1']);
      const enrollments = await t.http.get(`${API}/enrollments?filter=${encodeURIComponent("status='active'")}`);
      const pupils = enrollments.body.enrollments.map((e: { user: { sourcedId: string } }) => e.user.sourcedId);
      expect(pupils).toContain('USR-S-1');
      expect(pupils).not.toContain('usr-s-1');
      await t.http.get(`${API}/classes/class-1a-wis/students`).expect(200);
      await t.http.get(`${API}/schools/org-school-1/students`).expect(200);
    });
  },
);
