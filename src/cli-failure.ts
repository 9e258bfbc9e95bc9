import { ConfigError } from './config/app-config';
import { isSqliteBusy } from './database/sqlite-busy';
import { UsageError } from './usage-error';

/**
 * What the CLI prints for a failure. A mistake of the person at the CLI (or a database another process keeps locked)
 * is one `error:` line, followed by its stack trace only under --debug; anything else is a bug, printed with its stack
 * trace for the report.
 */
export function describeFailure(error: unknown, debug: boolean): string {
  const mistake = mistakeOf(error);
  if (mistake === undefined) return stackOf(error);
  return debug ? `error: ${mistake}\n${stackOf(error)}` : `error: ${mistake}`;
}

function mistakeOf(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof ConfigError) return error.message;
  // Any statement can meet a busy file, so this is recognised here rather than where it is raised.
  if (isSqliteBusy(error))
    return 'the SQLite database is locked by another process writing to it; try again when it has finished';
  return undefined;
}

const stackOf = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Takes `--debug` out of the arguments, wherever it stands, before nest-commander parses them; says whether it was there. */
export function takeDebugFlag(argv: string[]): boolean {
  const at = argv.indexOf('--debug', 2);
  if (at < 0) return false;
  argv.splice(at, 1);
  return true;
}
