import { QueryRunner, Table } from 'typeorm';
import { MIGRATIONS } from '../../src/database/migrations';
import { offlineSqlServer } from './mssql-dialect';

export interface OfflineMigrationRun {
  /** Every statement the migrations sent, in order. */
  statements: string[];
  /** The tables as TypeORM's schema calls left them (ALTER COLUMN statements are not reflected). */
  tables: Map<string, Table>;
}

/**
 * Runs every migration against an SQL Server query runner with no server behind it: statements are recorded, the
 * catalog questions TypeORM asks (current schema and database, a table's definition) are answered from the tables
 * the migrations made themselves, and every other query answers with no rows.
 */
export async function runMigrationsOffline(): Promise<OfflineMigrationRun> {
  const dataSource = await offlineSqlServer('dbo');
  const runner = dataSource.createQueryRunner();
  const run: OfflineMigrationRun = { statements: [], tables: new Map() };
  const offline = runner as unknown as {
    query(sql: string, parameters?: unknown[], structured?: boolean): Promise<unknown>;
    loadTables(names: string[]): Promise<Table[]>;
    createTable(table: Table, ...rest: unknown[]): Promise<void>;
  };
  offline.query = async (sql: string, _parameters?: unknown[], structured?: boolean) => {
    if (sql.includes('SCHEMA_NAME()')) return [{ schema_name: 'dbo' }];
    if (sql.includes('DB_NAME()')) return [{ db_name: 'oneroster' }];
    run.statements.push(sql);
    return structured ? { records: [], raw: [] } : [];
  };
  offline.loadTables = async (names: string[]) =>
    names.flatMap((name) => {
      const table = run.tables.get(name.replace(/^.*\./, ''));
      return table ? [table.clone()] : [];
    });
  const createTable = runner.createTable.bind(runner);
  offline.createTable = async (table: Table, ...rest: unknown[]) => {
    await (createTable as (...args: unknown[]) => Promise<void>)(table, ...rest);
    run.tables.set(table.name.replace(/^.*\./, ''), table);
  };
  for (const Migration of MIGRATIONS) await new Migration().up(runner as QueryRunner);
  return run;
}
