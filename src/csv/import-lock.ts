import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { DataSource, QueryRunner } from 'typeorm';
import { UsageError } from '../usage-error';

/** An import that cannot start; the CLI prints its message as one line. */
export class ImportUsageError extends UsageError {}

/** Another import holds the lock. */
export class ImportRunningError extends ImportUsageError {}

/** Held while one import runs; released when it ends, or by the database when its process dies. */
export interface ImportLock {
  release(): Promise<void>;
}

const BUSY = 'another import is running on this database; try again when it has finished (see: imports list)';
/** One fixed advisory-lock key for the deployment's import (PostgreSQL: two 32-bit halves; SQL Server: a name). */
const PG_KEY = [0x4f52, 0x494d];
const APP_LOCK = 'oneroster-sds-import';

/**
 * Takes the deployment's one import lock, or refuses at once with ImportRunningError. Each dialect holds it
 * where a dead process cannot leave it behind: PostgreSQL's session advisory lock and SQL Server's session
 * application lock live on a connection of their own, and go with it; on SQLite (one machine by nature) a lock
 * file beside the database names the process, and a file whose process is gone is taken over. These are
 * lock statements, not queries: they have no query-builder form.
 */
export async function acquireImportLock(dataSource: DataSource): Promise<ImportLock> {
  switch (dataSource.options.type) {
    case 'postgres':
      return onOwnConnection(dataSource, 'SELECT pg_try_advisory_lock($1, $2) AS taken', PG_KEY, (runner) =>
        runner.query('SELECT pg_advisory_unlock($1, $2)', PG_KEY),
      );
    case 'mssql':
      return onOwnConnection(
        dataSource,
        "DECLARE @code int; EXEC @code = sp_getapplock @Resource = @0, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT CASE WHEN @code >= 0 THEN 1 ELSE 0 END AS taken",
        [APP_LOCK],
        (runner) => runner.query("EXEC sp_releaseapplock @Resource = @0, @LockOwner = 'Session'", [APP_LOCK]),
      );
    case 'better-sqlite3':
      return lockFile(String(dataSource.options.database));
    default:
      throw new Error(`no import lock for ${dataSource.options.type}`);
  }
}

async function onOwnConnection(
  dataSource: DataSource,
  take: string,
  parameters: unknown[],
  unlock: (runner: QueryRunner) => Promise<unknown>,
): Promise<ImportLock> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const [row] = (await runner.query(take, parameters)) as { taken: boolean | number }[];
  if (!row?.taken || row.taken === 0) {
    await runner.release();
    throw new ImportRunningError(BUSY);
  }
  return {
    release: async () => {
      try {
        await unlock(runner);
      } finally {
        await runner.release();
      }
    },
  };
}

function lockFile(databasePath: string): ImportLock {
  if (databasePath === ':memory:') return { release: async () => undefined };
  const path = `${databasePath}.import-lock`;
  // Written whole under a name of its own, then linked into place: the lock never exists without its pid.
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, path);
        return { release: async () => unlinkSync(path) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (isAlive(Number(readFileSync(path, 'utf8')))) throw new ImportRunningError(BUSY);
        unlinkSync(path); // its process is gone: the import it guarded died
      }
    }
    throw new ImportRunningError(BUSY);
  } finally {
    unlinkSync(mine);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
