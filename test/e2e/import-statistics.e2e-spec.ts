import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { generateBoard } from '../../src/demo/board-generator';
import { editCsv } from '../support/bundles';
import { startTestApp, TestApp } from '../support/test-app';

const TODAY = new Date('2026-11-22T09:00:00Z');

const TABLES = ['users', 'enrollments', 'tenant_usernames'];

describe('planner statistics after an import', () => {
  let t: TestApp;
  let board: string;
  beforeAll(async () => {
    t = await startTestApp();
    board = mkdtempSync(join(tmpdir(), 'board-'));
    await generateBoard(board, { students: 200, seed: 7, today: TODAY });
  });
  afterAll(() => t?.close());

  /**
   * What tells each table's statistics were taken again: PostgreSQL counts its ANALYZE runs; SQLite keeps no such
   * count, but its statistics hold the table's row count as of the last ANALYZE (sqlite_stat1), which a new board moves.
   */
  const analyzed = async () => {
    const count = t.dataSource.options.type === 'postgres' ? await analyzeCounts() : await sqliteStatRows();
    return { users: count('users'), enrollments: count('enrollments'), usernames: count('tenant_usernames') };
  };
  const analyzeCounts = async () => {
    const schema = (t.dataSource.options as { schema?: string }).schema ?? 'public';
    const rows = (await t.dataSource.query(
      'SELECT relname AS "table", analyze_count AS "count" FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = ANY($2)',
      [schema, TABLES],
    )) as { table: string; count: string }[];
    return (table: string) => Number(rows.find((row) => row.table === table)?.count ?? 0);
  };
  const sqliteStatRows = async () => {
    const analysed = (await t.dataSource.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).length > 0;
    const rows = analysed
      ? ((await t.dataSource.query(
          'SELECT tbl AS "table", MAX(CAST(stat AS INTEGER)) AS "count" FROM sqlite_stat1 GROUP BY tbl',
        )) as { table: string; count: number }[])
      : [];
    return (table: string) => Number(rows.find((row) => row.table === table)?.count ?? 0);
  };

  it('are refreshed for the tables an import filled, not for those a nightly change barely touched', async () => {
    const importer = t.app.get(BundleImporter);
    const before = await analyzed();
    expect((await importer.importBundle(board)).applied).toBe(true);
    const afterFirst = await analyzed();
    expect(afterFirst.users).toBeGreaterThan(before.users);
    expect(afterFirst.enrollments).toBeGreaterThan(before.enrollments);
    expect(afterFirst.usernames).toBeGreaterThan(before.usernames);

    // One pupil renamed: one user of hundreds written, no enrollment, no tenant given new orgs.
    let users = 0;
    editCsv(board, 'users.csv', (text) => {
      const lines = text.split('\n');
      users = lines.length - 2;
      const cells = lines[5].split(',');
      cells[8] = `${cells[8]}-Renamed`; // givenName; the generator quotes no cell
      lines[5] = cells.join(',');
      return lines.join('\n');
    });
    expect(users).toBeGreaterThan(100);
    const report = await importer.importBundle(board);
    expect(report.applied).toBe(true);
    expect(await analyzed()).toEqual(afterFirst);
  });

  it("are refreshed for a large board's first import beside others, not for a small board's", async () => {
    const importer = t.app.get(BundleImporter);
    const imported = async (students: number, seed: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'board-'));
      await generateBoard(dir, { students, seed, today: TODAY });
      expect((await importer.importBundle(dir, { feed: `board-${seed}` })).applied).toBe(true);
      return analyzed();
    };
    const before = await analyzed();
    // Four hundred pupils beside the first test's two hundred: two thirds of the rows.
    const afterLarge = await imported(400, 9);
    expect(afterLarge.users).toBeGreaterThan(before.users);
    expect(afterLarge.enrollments).toBeGreaterThan(before.enrollments);

    // Ten pupils (66 users, 224 enrollments) beside those six hundred: under a tenth, PostgreSQL's autoanalyze threshold.
    const afterSmall = await imported(10, 8);
    expect([afterSmall.users, afterSmall.enrollments]).toEqual([afterLarge.users, afterLarge.enrollments]);
  });
});
