import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, QueryRunner } from 'typeorm';

/** Held while one process does something only one may do at a time; released when done, or when the process dies. */
export interface DatabaseLock {
  release(): Promise<void>;
}

/** A named lock, one per schema: two deployments in two schemas of one database do not share it. */
export interface LockName {
  readonly name: string;
}

/** The first of PostgreSQL's two advisory-lock keys, the same for all of ours; the second is a hash of the name. */
const POSTGRES_KEY_SPACE = 0x4f52;

/**
 * Takes the lock, or returns undefined at once when another process holds it. Each dialect holds it where a dead
 * process cannot leave it behind: PostgreSQL's session advisory lock and SQL Server's session application lock live
 * on a connection of their own, and go with it; on SQLite (one machine by nature) a lock file beside the database
 * names the process, and a file whose process is gone is taken over. These are lock statements, not queries: they
 * have no query-builder form.
 */
export async function tryDatabaseLock(dataSource: DataSource, lock: LockName): Promise<DatabaseLock | undefined> {
  const resource = `oneroster/${(dataSource.options as { schema?: string }).schema ?? ''}/${lock.name}`;
  switch (dataSource.options.type) {
    case 'postgres':
      return onOwnConnection(
        dataSource,
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken',
        [POSTGRES_KEY_SPACE, resource],
        (runner) => runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [POSTGRES_KEY_SPACE, resource]),
      );
    case 'mssql':
      return onOwnConnection(
        dataSource,
        "DECLARE @code int; EXEC @code = sp_getapplock @Resource = @0, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT CASE WHEN @code >= 0 THEN 1 ELSE 0 END AS taken",
        [resource],
        (runner) => runner.query("EXEC sp_releaseapplock @Resource = @0, @LockOwner = 'Session'", [resource]),
      );
    case 'better-sqlite3':
      return lockFile(
        `${String(dataSource.options.database)}.${lock.name}`,
        dataSource.options.database === ':memory:',
      );
    default:
      throw new Error(`no database lock for ${dataSource.options.type}`);
  }
}

/**
 * Waits until the lock is free and takes it. Polled rather than a blocking lock statement, so no statement outlives
 * the connection's request timeout.
 */
export async function waitForDatabaseLock(dataSource: DataSource, lock: LockName, pollMs = 250): Promise<DatabaseLock> {
  for (;;) {
    const taken = await tryDatabaseLock(dataSource, lock);
    if (taken) return taken;
    await sleep(pollMs);
  }
}

async function onOwnConnection(
  dataSource: DataSource,
  take: string,
  parameters: readonly unknown[],
  unlock: (runner: QueryRunner) => Promise<unknown>,
): Promise<DatabaseLock | undefined> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const [row] = (await runner.query(take, [...parameters])) as { taken: boolean | number }[];
  if (!row?.taken || row.taken === 0) {
    await runner.release();
    return undefined;
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

function lockFile(path: string, inMemory: boolean): DatabaseLock | undefined {
  if (inMemory) return { release: async () => undefined };
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
        if (isAlive(Number(readFileSync(path, 'utf8')))) return undefined;
        unlinkSync(path); // its process is gone: what it guarded died with it
      }
    }
    return undefined;
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
