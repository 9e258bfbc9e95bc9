import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { describeFailure, takeDebugFlag } from './cli-failure';
import { CliModule } from './cli.module';
import { loadConfig, readEnvironment } from './config/app-config';
import { createLogger, PinoNestLogger } from './logging/logger';

const debug = takeDebugFlag(process.argv);

function fail(error: unknown): never {
  process.stderr.write(`${describeFailure(error, debug)}\n`);
  process.exit(1);
}

async function main() {
  const config = loadConfig(readEnvironment());
  // CLI output is for people; the structured log goes to stderr so stdout stays scriptable (--json).
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 2);
  // `migrate` opens the database without requiring (or running) migrations, and starts nothing that reads it.
  const cli =
    process.argv[2] === 'migrate' ? CliModule.forMigrate(config, logger) : CliModule.forConfig(config, logger);
  await CommandFactory.run(cli, {
    logger: new PinoNestLogger(logger),
    // Commander has printed its one-line error (or the help, exit code 0) already.
    errorHandler: (error) => process.exit((error as Error & { exitCode?: number }).exitCode ?? 1),
    // nest-commander logs a failed command and exits 0 by default; a script must see the failure.
    serviceErrorHandler: fail,
  });
}

main().catch(fail);
