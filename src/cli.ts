import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { describeFailure, takeDebugFlag } from './cli-failure';
import { DynamicModule } from '@nestjs/common';
import { Logger } from 'pino';
import { AppConfig, loadConfig, readEnvironment } from './config/app-config';
import { createLogger, PinoNestLogger } from './logging/logger';

const debug = takeDebugFlag(process.argv);

function fail(error: unknown): never {
  process.stderr.write(`${describeFailure(error, debug)}\n`);
  process.exit(1);
}

/** The commands of the import pipeline: their module loads neither the HTTP resources nor Swagger. */
const IMPORT_COMMANDS = ['import', 'imports', 'feeds'];

/**
 * The root module for the command, loaded only then: a nightly import spends no start-up time on the other commands'
 * modules. Without a known command (`--help`) every command is there to list.
 */
async function rootModule(command: string | undefined, config: AppConfig, logger: Logger): Promise<DynamicModule> {
  if (command && IMPORT_COMMANDS.includes(command))
    return (await import('./cli-import.module')).ImportCliModule.forConfig(config, logger);
  const { CliModule } = await import('./cli.module');
  // `migrate` opens the database without requiring (or running) migrations, and starts nothing that reads it.
  return command === 'migrate' ? CliModule.forMigrate(config, logger) : CliModule.forConfig(config, logger);
}

async function main() {
  const config = loadConfig(readEnvironment());
  // CLI output is for people; the structured log goes to stderr so stdout stays scriptable (--json).
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 2);
  await CommandFactory.run(await rootModule(process.argv[2], config, logger), {
    logger: new PinoNestLogger(logger),
    // Commander has printed its one-line error (or the help, exit code 0) already.
    errorHandler: (error) => process.exit((error as Error & { exitCode?: number }).exitCode ?? 1),
    // nest-commander logs a failed command and exits 0 by default; a script must see the failure.
    serviceErrorHandler: fail,
  });
}

main().catch(fail);
