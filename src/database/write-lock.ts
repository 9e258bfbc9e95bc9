import { EntityManager, ObjectLiteral } from 'typeorm';

/**
 * Takes SQLite's one write lock as the first statement of a transaction that reads before it writes. Such a transaction
 * reads from a snapshot: when another connection commits before its first write (the server's access log, once a
 * second), SQLite fails that write at once (SQLITE_BUSY_SNAPSHOT) instead of waiting, and an import died of it. A
 * first statement that writes, here one that matches no row of `entity`, waits for the lock for the busy timeout
 * instead. Server databases lock rows: nothing to take.
 */
export async function takeWriteLock(manager: EntityManager, entity: new () => ObjectLiteral): Promise<void> {
  if (manager.connection.options.type !== 'better-sqlite3') return;
  await manager.createQueryBuilder().delete().from(entity).where('1 = 0').execute();
}
