import { DataSource } from 'typeorm';
import { DatabaseLock, tryDatabaseLock } from '../database/database-lock';
import { UsageError } from '../usage-error';

/** An import that cannot start; the CLI prints its message as one line. */
export class ImportUsageError extends UsageError {}

/** Another import holds the lock. */
export class ImportRunningError extends ImportUsageError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

/** A queued (pushed) import that another worker took, or that was discarded, before this one got the lock. */
export class ImportNotQueuedError extends ImportUsageError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

const BUSY = 'another import is running on this database; try again when it has finished (see: imports list)';
/** The deployment's one import lock; on SQLite the file `<database>.import-lock`. */
const IMPORT_LOCK = { name: 'import-lock' };

/** Takes the deployment's one import lock, or refuses at once with ImportRunningError. */
export async function acquireImportLock(dataSource: DataSource): Promise<DatabaseLock> {
  const lock = await tryDatabaseLock(dataSource, IMPORT_LOCK);
  if (!lock) throw new ImportRunningError(BUSY);
  return lock;
}
