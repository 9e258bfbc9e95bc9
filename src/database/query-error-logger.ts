import { Logger as PinoLogger } from 'pino';
import { Logger } from 'typeorm';

/**
 * TypeORM's failed statements, logged through pino at debug level instead of printed on standard output (TypeORM's
 * console logger), where they would break the CLI's `--json` output. The error itself reaches whoever called: the CLI
 * prints it, so at debug level the statement is there for whoever diagnoses, without saying the failure twice.
 * Parameters are left out: they hold personal data.
 */
export class QueryErrorLogger implements Logger {
  constructor(private readonly logger: PinoLogger) {}

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ query, error: String(error) }, 'query failed');
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
