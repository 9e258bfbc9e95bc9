import { EntityManager, ObjectLiteral, TableIndex } from 'typeorm';

type Entity = new () => ObjectLiteral;

/**
 * Runs a bulk load, inside the caller's transaction, with the secondary indexes of `entities`
 * dropped when all their tables are empty, then builds the indexes again from the loaded rows.
 *
 * Rows arrive in sourcedId order, so the primary keys grow at their end, but an index on another
 * column (an enrollment's class or user) takes each row at a random place: once the index outgrows
 * the page cache every row costs a page read and a page write. Building it afterwards sorts the
 * keys once and writes each page once, as pg_restore does. Only empty tables qualify: dropping an
 * index locks its table until commit on PostgreSQL and SQL Server, which no reader of an empty
 * table notices, and a later import of a few changed rows is cheaper with the indexes in place.
 * The statements are TypeORM's schema operations (DDL has no query-builder form); a failed load
 * rolls back with the transaction, indexes included.
 */
export async function loadWithIndexesAfter<T>(manager: EntityManager, entities: Entity[], load: () => Promise<T>): Promise<T> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive || !(await allEmpty(manager, entities))) return load();
  const indexes = entities.flatMap((entity) => {
    const metadata = manager.connection.getMetadata(entity);
    return metadata.indices.map((index) => ({ table: metadata.tablePath, index: TableIndex.create(index) }));
  });
  for (const { table, index } of indexes) await runner.dropIndex(table, index);
  const result = await load();
  for (const { table, index } of indexes) await runner.createIndex(table, index);
  return result;
}

async function allEmpty(manager: EntityManager, entities: Entity[]): Promise<boolean> {
  for (const entity of entities) {
    if (await manager.createQueryBuilder(entity, 'row').select('1', 'found').limit(1).getRawOne()) return false;
  }
  return true;
}
