import { Global, Module } from '@nestjs/common';
import { Logger } from 'pino';

export const PINO_LOGGER = Symbol('PINO_LOGGER');

/** Provides the process's pino logger to services (inject with @Inject(PINO_LOGGER)). */
@Global()
@Module({})
export class LoggingModule {
  static forLogger(logger: Logger) {
    return {
      module: LoggingModule,
      providers: [{ provide: PINO_LOGGER, useValue: logger }],
      exports: [PINO_LOGGER],
    };
  }
}
