import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';

/**
 * Takes SQLite's one write lock as the first statement of a transaction that reads before it writes. Such a transaction
 * reads from a snapshot: when another connection commits before its first write (the server's access log, once a
 * second), SQLite fails that write at once (SQLITE_BUSY_SNAPSHOT) instead of waiting, and an import died of it. A
 * first statement that writes, here one that matches no row of `entity`, waits for the lock for the busy timeout
 * instead. Server databases lock rows: nothing to take.
 */
async function takeWriteLock(manager: EntityManager, entity: new () => ObjectLiteral): Promise<void> {
  if (manager.connection.options.type !== 'better-sqlite3') return;
  await manager.createQueryBuilder().delete().from(entity).where('1 = 0').execute();
}

/**
 * A transaction that may read before it writes, `entity` a table it writes: on SQLite it takes the write lock first
 * (takeWriteLock), so that another process's commit (a CLI import's, the server's access log) makes it wait rather
 * than fail. Read-only transactions do not take it: they would wait behind a long import for nothing.
 */
export function writeTransaction<T>(
  dataSource: DataSource,
  entity: new () => ObjectLiteral,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await takeWriteLock(manager, entity);
    return work(manager);
  });
}
