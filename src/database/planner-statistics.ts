import { EntityManager, ObjectLiteral } from 'typeorm';
import { quotedTablePath } from './quoted-names';

/**
 * Refreshes the planner statistics of tables an import has just filled (PostgreSQL and SQLite).
 *
 * Without them PostgreSQL estimates a freshly filled table at one row and plans the staged
 * reference checks as nested loops over every staged row: 40 s instead of 0.1 s for a
 * 2,000-student board. SQLite without statistics takes any equality index as good as another:
 * it looked up each user's enrollments through `status = 'active'` (every enrollment) instead of
 * the user's index, 11 s instead of 0.1 s for the same board. SQL Server updates statistics by
 * itself when a query is compiled after large changes. ANALYZE and VACUUM are maintenance, not
 * queries: they have no query-builder form, hence the statement texts here.
 */
export async function refreshPlannerStatistics(
  manager: EntityManager,
  entities: (new () => ObjectLiteral)[],
): Promise<void> {
  await maintain(manager, entities, 'refresh');
}

/** ANALYZE alone, which (unlike VACUUM) runs inside a transaction: for tables a publication has just written. */
export async function analyzeTables(manager: EntityManager, entities: (new () => ObjectLiteral)[]): Promise<void> {
  await maintain(manager, entities, 'analyze');
}

/**
 * PostgreSQL's VACUUM of tables a committed publication wrote, whose statistics it took in its transaction
 * (analyzeTables): a VACUUM (ANALYZE) sampled them again (0.36 s for 168,000 enrollments). Nothing on other dialects.
 */
export async function vacuumTables(manager: EntityManager, entities: (new () => ObjectLiteral)[]): Promise<void> {
  if (manager.connection.driver.options.type === 'postgres') await maintain(manager, entities, 'vacuum');
}

/**
 * How many rows the planner's statistics count in a table, or undefined where they count none (never analysed, or SQL
 * Server, whose statistics are its own): PostgreSQL's `reltuples` (set by ANALYZE, VACUUM and index builds), SQLite's
 * row count in `sqlite_stat1` (its first number for each index, exact: ANALYZE counts the rows whatever its limit).
 */
export async function plannedRows(
  manager: EntityManager,
  entity: new () => ObjectLiteral,
): Promise<number | undefined> {
  const type = manager.connection.driver.options.type;
  if (type === 'postgres') return rowsOrNone(await postgresPlannedRows(manager, entity));
  if (type === 'better-sqlite3') return rowsOrNone(await sqlitePlannedRows(manager, entity));
  return undefined;
}

/** A count of -1 (PostgreSQL: never analysed) or none at all says nothing. */
const rowsOrNone = (rows: unknown) =>
  rows === null || rows === undefined || Number(rows) < 0 ? undefined : Number(rows);

async function postgresPlannedRows(manager: EntityManager, entity: new () => ObjectLiteral) {
  const row = await manager
    .createQueryBuilder()
    .select('relation.reltuples', 'rows')
    .from('pg_class', 'relation')
    .where('relation.oid = to_regclass(:table)', { table: quotedTablePath(manager, entity) })
    .getRawOne<{ rows: number | string }>();
  return row?.rows;
}

async function sqlitePlannedRows(manager: EntityManager, entity: new () => ObjectLiteral) {
  // sqlite_stat1 exists once a first ANALYZE ran in the file.
  const analysed = await manager
    .createQueryBuilder()
    .select('1')
    .from('sqlite_master', 'schema')
    .where("schema.name = 'sqlite_stat1'")
    .getRawOne();
  if (!analysed) return undefined;
  const row = await manager
    .createQueryBuilder()
    .select('MAX(CAST(stat1.stat AS INTEGER))', 'rows')
    .from('sqlite_stat1', 'stat1')
    .where('stat1.tbl = :table', { table: manager.connection.getMetadata(entity).tableName })
    .getRawOne<{ rows: number | null }>();
  return row?.rows;
}

/** Statistics inside a transaction; statistics and VACUUM outside one; VACUUM alone (PostgreSQL only). */
type Maintenance = 'analyze' | 'refresh' | 'vacuum';

async function maintain(manager: EntityManager, entities: (new () => ObjectLiteral)[], how: Maintenance) {
  const type = manager.connection.driver.options.type;
  if (type !== 'postgres' && type !== 'better-sqlite3') return;
  // SQLite reads at most this many rows of each index: statistics in milliseconds, not a full scan.
  if (type === 'better-sqlite3') await manager.query('PRAGMA analysis_limit = 2000');
  for (const entity of entities) await manager.query(`${statement(type, how)} ${quotedTablePath(manager, entity)}`);
}

function statement(type: 'postgres' | 'better-sqlite3', how: Maintenance): string {
  if (type !== 'postgres' || how === 'analyze') return 'ANALYZE';
  // VACUUM too where it can run (outside a transaction), so the first sweep after a large import does not pay for
  // setting every fresh row's visibility hint bits (50,000 students: the first 28 /enrollments pages took 1.1 s each
  // instead of 0.2 s, until autovacuum caught up).
  // A publication's VACUUM is for its fresh rows alone: the index passes that remove other rows' dead versions are
  // autovacuum's (the first import of a board beside twenty that each had nightly changes: 2.7 s, of which the
  // enrollments' seven indexes most).
  return how === 'refresh' ? 'VACUUM (ANALYZE)' : 'VACUUM (INDEX_CLEANUP OFF)';
}
