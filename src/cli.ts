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
  await CommandFactory.run(CliModule.forConfig(config, logger), {
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
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
