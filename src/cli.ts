import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli.module';
import { ConfigError, loadConfig, readEnvironment } from './config/app-config';
import { createLogger, PinoNestLogger } from './logging/logger';
import { UsageError } from './usage-error';

async function main() {
  const config = loadConfig(readEnvironment());
  // CLI output is for people; the structured log goes to stderr so stdout stays scriptable (--json).
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 2);
  // `migrate` opens the database without requiring (or running) migrations, and starts nothing that reads it.
  const cli =
    process.argv[2] === 'migrate' ? CliModule.forMigrate(config, logger) : CliModule.forConfig(config, logger);
  await CommandFactory.run(cli, {
    logger: new PinoNestLogger(logger),
    errorHandler: (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
    // nest-commander logs a failed command and exits 0 by default; a script must see the failure.
    serviceErrorHandler: (error) => {
      process.stderr.write(`${error instanceof UsageError ? `error: ${error.message}` : error.stack}\n`);
      process.exit(1);
    },
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if (error instanceof UsageError) process.stderr.write(`error: ${error.message}\n`);
  else process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
