import { DataSource } from 'typeorm';
import { UsageError } from '../usage-error';
import { waitForDatabaseLock } from './database-lock';

/** The server's schema is behind the code, and it was not asked to migrate: one line saying what to do. */
export class SchemaOutOfDateError extends UsageError {}

/** Held while migrations run; on SQLite the file `<database>.migrate-lock`. */
const MIGRATION_LOCK = { name: 'migrate-lock' };

/**
 * Runs the pending migrations, one process at a time: a second instance started meanwhile waits for the lock, then
 * finds nothing left to do. Returns the names of the migrations this call ran.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const lock = await waitForDatabaseLock(dataSource, MIGRATION_LOCK);
  try {
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    return ran.map((migration) => migration.name);
  } finally {
    await lock.release();
  }
}

/** Refuses to serve a schema the code is ahead of (MIGRATIONS_RUN=false and a migration pending). */
export async function requireMigratedSchema(dataSource: DataSource): Promise<void> {
  if (!(await dataSource.showMigrations())) return;
  throw new SchemaOutOfDateError(
    'the database schema is older than this version: run `npm run cli -- migrate` (in a container: node dist/cli.js migrate), or set MIGRATIONS_RUN=true',
  );
}
