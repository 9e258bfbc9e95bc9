import { QueryRunner, TableColumnOptions, TableIndex } from 'typeorm';

/** Byte for byte, in UTF-8: SQL Server's collation for sourcedIds (see ExactKeys1763800000014). */
export const EXACT_COLLATION = 'Latin1_General_100_BIN2_UTF8';

/**
 * Dialect-neutral column builders for hand-written migrations: each asks the connected driver how
 * it spells a string, boolean, integer or JSON column, so one migration serves SQLite, PostgreSQL
 * and SQL Server (nvarchar there, so names with accents survive).
 */
export function columnBuilders(queryRunner: QueryRunner) {
  const driver = queryRunner.connection.driver;
  const typeOf = (type: StringConstructor | BooleanConstructor | NumberConstructor | 'simple-json') =>
    driver.normalizeType({ type });
  return {
    string: (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: typeOf(String),
      length: String(length),
      isNullable: false,
      ...extra,
    }),
    boolean: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: typeOf(Boolean),
      isNullable: false,
      ...extra,
    }),
    integer: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: typeOf(Number),
      isNullable: false,
      ...extra,
    }),
    /** A sourcedId: exact on SQL Server (a binary UTF-8 varchar), as ExactKeys1763800000014 made the older ones. */
    sourcedId: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: typeOf(String),
      length: '255',
      isNullable: false,
      ...(driver.options.type === 'mssql' && { type: 'varchar', collation: EXACT_COLLATION }),
      ...extra,
    }),
    json: (name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name,
      type: typeOf('simple-json'),
      isNullable: true,
      ...extra,
    }),
    /** A JSON column made after 1763800000014: nvarchar(max) on SQL Server from the start, never the deprecated ntext. */
    longJson: (name: string): TableColumnOptions => ({
      name,
      type: driver.options.type === 'mssql' ? 'nvarchar' : typeOf('simple-json'),
      ...(driver.options.type === 'mssql' && { length: 'max' }),
      isNullable: true,
    }),
  };
}

export const nullable = { isNullable: true };

export function index(name: string, columnNames: string[]): TableIndex {
  return new TableIndex({ name, columnNames });
}

/** The tables of OneRoster records, which share RosteringRecord's columns. */
export const RECORD_TABLES = [
  'orgs',
  'academic_sessions',
  'courses',
  'classes',
  'users',
  'enrollments',
  'demographics',
];
