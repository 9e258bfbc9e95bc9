import { QueryFailedError } from 'typeorm';

/**
 * Whether SQLite failed a statement because another process holds the file's one write lock: after the busy timeout,
 * or at once where waiting could deadlock.
 */
export function isSqliteBusy(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
