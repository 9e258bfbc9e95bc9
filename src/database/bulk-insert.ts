import type { Database, Statement } from 'better-sqlite3';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { SOURCED_ID_COLUMNS } from './migrations/1763800000014-exact-keys';
import { quotedTablePath, transactionRunner } from './quoted-names';

/** A JSON column's value serialised already (its writer needed the text anyway): stored as it is, not serialised again. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A row as bulkInsert takes it: the entity's properties, any of them as JsonText. */
export type BulkRow<T> = { [K in keyof T]: T[K] | JsonText };

/**
 * Appends rows to an entity's table through the driver's bulk path, inside the manager's
 * transaction: one prepared INSERT run per row on SQLite, `COPY … FROM STDIN` on PostgreSQL, a
 * bulk load of an mssql `Table` on SQL Server. Row by row through the query builder, TypeORM spent
 * more time building multi-row INSERT texts than the database spent storing them (three quarters
 * of staging a board). The statement texts are built from the entity's metadata with the
 * driver's own quoting; everything else stays on the query builder.
 *
 * Every column is written: a property a row leaves out is stored as NULL (no column default).
 */
export async function bulkInsert<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly BulkRow<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const runner = transactionRunner(manager, 'bulkInsert');
  const metadata = manager.connection.getMetadata(entity);
  const table = bulkTable(manager, metadata);
  const values = rows.map((row) => table.columns.map((column) => table.persisted(column, row)));
  const type = manager.connection.driver.options.type;
  if (type === 'better-sqlite3') return sqliteInsert(runner, table, values);
  if (type === 'postgres') return postgresCopy(runner, table, values);
  if (type === 'mssql') return sqlServerBulk(runner, table, metadata, values);
  throw new Error(`no bulk path for ${type}`);
}

export interface BulkTable {
  /** The table's quoted name, with its schema when it has one. */
  name: string;
  columns: ColumnMetadata[];
  /** The quoted column names, in `columns`' order. */
  quotedColumns: string;
  persisted(column: ColumnMetadata, row: ObjectLiteral): unknown;
}

export function bulkTable(manager: EntityManager, metadata: EntityMetadata): BulkTable {
  const { driver } = manager.connection;
  const columns = metadata.columns.filter((column) => !column.isVirtual && !column.isGenerated);
  const plain = new Set(columns.filter(isPlainText));
  return {
    name: quotedTablePath(manager, metadata.target),
    columns,
    quotedColumns: columns.map((column) => driver.escape(column.databaseName)).join(', '),
    persisted: (column, row) => {
      // A plain text column's value is stored as it is on every driver: no conversion to look up per value.
      if (plain.has(column)) return (row[column.propertyName] as unknown) ?? null;
      const value = column.getEntityValue(row);
      return value instanceof JsonText ? value.text : (driver.preparePersistentValue(value, column) ?? null);
    },
  };
}

/** A `type: String` property of the entity itself (not embedded, no relation), without a transformer. */
function isPlainText(column: ColumnMetadata): boolean {
  return column.type === String && !column.transformer && !column.embeddedMetadata && !column.relationMetadata;
}

/** Prepared once per connection and statement; better-sqlite3 binds each row's values and runs it natively. */
const sqliteStatements = new WeakMap<Database, Map<string, Statement>>();

/** The connection's prepared statement for `sql`, prepared on first use. */
export async function sqliteStatement(runner: QueryRunner, sql: string): Promise<Statement> {
  const db = (await runner.connect()) as Database;
  const statements = sqliteStatements.get(db) ?? new Map<string, Statement>();
  sqliteStatements.set(db, statements);
  const statement = statements.get(sql) ?? db.prepare(sql);
  statements.set(sql, statement);
  return statement;
}

async function sqliteInsert(runner: QueryRunner, table: BulkTable, values: unknown[][]) {
  const sql = `INSERT INTO ${table.name} (${table.quotedColumns}) VALUES (${table.columns.map(() => '?').join(', ')})`;
  const statement = await sqliteStatement(runner, sql);
  for (const row of values) statement.run(row);
}

async function postgresCopy(runner: QueryRunner, table: BulkTable, values: unknown[][]) {
  const client = (await runner.connect()) as PoolClient;
  const copy = client.query(copyFrom(`COPY ${table.name} (${table.quotedColumns}) FROM STDIN`));
  // One chunk for the batch: a write per row would be a CopyData message and a socket write per row.
  await pipeline(Readable.from([copyText(values)]), copy);
}

/**
 * Rows in COPY's text format: tab-separated, `\N` for NULL, backslash escapes for what would end a field or row. One
 * string built by appending (no array per row): half the time of joining each row's fields, for a batch of staged rows.
 */
export function copyText(values: unknown[][]): string {
  let text = '';
  for (const row of values) {
    let line = copyTextField(row[0]);
    for (let i = 1; i < row.length; i++) line += `\t${copyTextField(row[i])}`;
    text += `${line}\n`;
  }
  return text;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const ESCAPED = /[\\\n\r\t]/;
const EVERY_ESCAPED = /[\\\n\r\t]/g;

function copyTextField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  // Most values hold nothing to escape: testing first spares the replace's work.
  return ESCAPED.test(text) ? text.replace(EVERY_ESCAPED, (found) => COPY_ESCAPES[found]) : text;
}

/** The few parts of the mssql package (shipped without type declarations) a bulk load uses. */
export interface Mssql {
  Table: new (name: string) => MssqlTable;
  Request: new (transaction: unknown) => { bulk(table: MssqlTable): Promise<unknown> };
  Int(): unknown;
  Bit(): unknown;
  NVarChar(length: number): unknown;
  VarChar(length: number): unknown;
  MAX: number;
}

export interface MssqlTable {
  create: boolean;
  columns: { add(name: string, type: unknown, options: { nullable: boolean; primary: boolean }): void };
  rows: { add(...values: unknown[]): void };
}

async function sqlServerBulk(runner: QueryRunner, table: BulkTable, metadata: EntityMetadata, values: unknown[][]) {
  const driver = runner.connection.driver as unknown as { mssql: Mssql };
  // mssql quotes the table's path itself, in brackets.
  const bulk = sqlServerTable(driver.mssql, metadata.tablePath, metadata, table.columns, values);
  // In a transaction the query runner's connection is the mssql Transaction: the load joins it.
  const transaction = (runner as unknown as { databaseConnection: unknown }).databaseConnection;
  await new driver.mssql.Request(transaction).bulk(bulk);
}

/** The rows as an mssql Table whose columns are declared as the migrations create them. */
export function sqlServerTable(
  sql: Mssql,
  name: string,
  metadata: EntityMetadata,
  columns: ColumnMetadata[],
  values: unknown[][],
): MssqlTable {
  const table = new sql.Table(name);
  table.create = false;
  for (const column of columns)
    table.columns.add(column.databaseName, sqlServerType(sql, metadata, column), {
      nullable: column.isNullable,
      primary: column.isPrimary,
    });
  for (const row of values) table.rows.add(...row);
  return table;
}

/** As migration ExactKeys left the column: sourcedIds in UTF-8 varchar, JSON in nvarchar(max). */
function sqlServerType(sql: Mssql, metadata: EntityMetadata, column: ColumnMetadata): unknown {
  const type = metadata.connection.driver.normalizeType(column);
  if (type === 'int' || type === 'integer') return sql.Int();
  if (type === 'bit') return sql.Bit();
  const length = column.length ? Number(column.length) : sql.MAX;
  if (SOURCED_ID_COLUMNS[metadata.tableName]?.includes(column.databaseName)) return sql.VarChar(length || 255);
  return sql.NVarChar(length);
}
