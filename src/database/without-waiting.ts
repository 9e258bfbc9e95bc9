import { DeleteQueryBuilder, InsertQueryBuilder, ObjectLiteral, UpdateQueryBuilder } from 'typeorm';

interface SqliteHandle {
  pragma(source: string, options: { simple: true }): unknown;
  prepare(sql: string): { run(...parameters: unknown[]): unknown };
}

/**
 * Runs a small, optional write (an update, or the access log's batched inserts and pruning) without waiting for another
 * writer. SQLite has one writer for the whole file:
 * while an import's long transaction holds it, a request-path write would block this process for the busy
 * timeout (better-sqlite3 is synchronous). There the update runs with a zero busy timeout, straight on the
 * driver so a busy file is not logged as a failed query, and is skipped when the file is busy; server
 * databases lock rows, so it simply runs. Returns whether it ran.
 */
export async function updateWithoutWaiting<T extends ObjectLiteral>(
  update: UpdateQueryBuilder<T> | InsertQueryBuilder<T> | DeleteQueryBuilder<T>,
): Promise<boolean> {
  const { driver } = update.connection;
  if (driver.options.type !== 'better-sqlite3') {
    await update.execute();
    return true;
  }
  const sqlite = (driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
  const [sql, parameters] = update.getQueryAndParameters();
  const timeout = sqlite.pragma('busy_timeout', { simple: true });
  sqlite.pragma('busy_timeout = 0', { simple: true });
  try {
    sqlite.prepare(sql).run(...parameters);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${Number(timeout)}`, { simple: true });
  }
}
