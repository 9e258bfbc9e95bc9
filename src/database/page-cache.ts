import { EntityManager } from 'typeorm';

/**
 * Runs `work` with SQLite's page cache on this connection raised to `mebibytes`, then puts it back.
 *
 * An import's apply writes gigabytes in one transaction. With the default 16 MB cache SQLite spills
 * dirty pages to the write-ahead log and reads them back, and every read looks its page up in a log
 * that grows with the transaction: at a 200,000-student board that lookup (walFindFrame) took 9% of
 * the apply with 1 GB of log, which grew to 2.4 GB by the commit. PostgreSQL and SQL Server size
 * their buffers themselves: there `work` runs as is. PRAGMA is a connection setting, not a query:
 * it has no query-builder form, hence the statement text.
 */
export async function withPageCache<T>(manager: EntityManager, mebibytes: number, work: () => Promise<T>): Promise<T> {
  if (manager.connection.driver.options.type !== 'better-sqlite3') return work();
  const [{ cache_size: before }] = (await manager.query('PRAGMA cache_size')) as { cache_size: number }[];
  await manager.query(`PRAGMA cache_size = ${-Math.round(mebibytes * 1024)}`);
  try {
    return await work();
  } finally {
    await manager.query(`PRAGMA cache_size = ${Number(before)}`);
  }
}
