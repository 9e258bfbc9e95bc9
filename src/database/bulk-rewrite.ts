import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { chunks } from './batches';
import { BulkRow, bulkInsert, bulkTable, BulkTable, sqliteStatement } from './bulk-insert';
import { transactionRunner } from './quoted-names';

/**
 * Writes new values over stored rows, found by their `key` property, inside the manager's transaction. Every column a
 * row holds is written; a column it leaves out keeps its stored value (a derived column: derived again afterwards, it
 * is rewritten only where it changes).
 *
 * On SQLite each row is an UPDATE of only the columns whose values changed: SQLite rewrites an index whenever the
 * statement sets one of its columns, even to the same value, and a changed row written anew (DELETE and INSERT) dirties
 * a page of every index. A nightly import's 1,680 changed enrollments (of 168,000) wrote 11,469 pages that way, 3,442
 * in place, and the commit's checkpoint copies each. Elsewhere the rows are deleted and inserted through the driver's
 * bulk path: a round trip per UPDATE would cost more than the indexes it spares.
 */
export async function bulkRewrite<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  rows: readonly Partial<BulkRow<T>>[],
): Promise<void> {
  if (rows.length === 0) return;
  const table = bulkTable(manager, manager.connection.getMetadata(entity));
  const keyColumn = table.columns.find((column) => column.propertyPath === key)!;
  const stored = await storedValues(manager, entity, table, keyColumn, rows);
  if (manager.connection.driver.options.type === 'better-sqlite3')
    return sqliteUpdate(manager, table, keyColumn, rows, stored);
  for (const chunk of chunks(rows.map((row) => row[key] as string)))
    await manager.createQueryBuilder().delete().from(entity).where(`${key} IN (:...chunk)`, { chunk }).execute();
  await bulkInsert(
    manager,
    entity,
    rows.map((row) => withStoredValues(manager, table, row, stored.get(row[key]))),
  );
}

/** The row, its left-out columns given their stored values. */
function withStoredValues<T extends ObjectLiteral>(
  manager: EntityManager,
  table: BulkTable,
  row: Partial<BulkRow<T>>,
  stored: ObjectLiteral | undefined,
): BulkRow<T> {
  const whole = { ...row } as BulkRow<T>;
  for (const column of table.columns)
    if (column.getEntityValue(row) === undefined && stored)
      column.setEntityValue(whole, manager.connection.driver.prepareHydratedValue(stored[column.databaseName], column));
  return whole;
}

async function sqliteUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  table: BulkTable,
  keyColumn: ColumnMetadata,
  rows: readonly Partial<BulkRow<T>>[],
  stored: Map<unknown, ObjectLiteral>,
): Promise<void> {
  const runner = transactionRunner(manager, 'bulkRewrite');
  const { escape } = manager.connection.driver;
  for (const row of rows) {
    const keyValue = table.persisted(keyColumn, row);
    const before = stored.get(keyValue);
    const changed = table.columns.filter(
      (column) =>
        column.getEntityValue(row) !== undefined && table.persisted(column, row) !== before?.[column.databaseName],
    );
    if (changed.length === 0) continue;
    const assignments = changed.map((column) => `${escape(column.databaseName)} = ?`).join(', ');
    const statement = await sqliteStatement(
      runner,
      `UPDATE ${table.name} SET ${assignments} WHERE ${escape(keyColumn.databaseName)} = ?`,
    );
    statement.run([...changed.map((column) => table.persisted(column, row)), keyValue]);
  }
}

/** The stored rows' values as the database holds them, by their key's. */
async function storedValues<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  table: BulkTable,
  keyColumn: ColumnMetadata,
  rows: readonly Partial<BulkRow<T>>[],
): Promise<Map<unknown, ObjectLiteral>> {
  const stored = new Map<unknown, ObjectLiteral>();
  const keys = rows.map((row) => table.persisted(keyColumn, row));
  for (const chunk of chunks(keys)) {
    const query = manager.createQueryBuilder(entity, 'stored').select([]);
    for (const column of table.columns) query.addSelect(`stored.${column.propertyPath}`, column.databaseName);
    const found = await query.where(`stored.${keyColumn.propertyPath} IN (:...chunk)`, { chunk }).getRawMany();
    for (const row of found) stored.set(row[keyColumn.databaseName], row);
  }
  return stored;
}
