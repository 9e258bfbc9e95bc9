import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

/** Structured JSON logs; fields that could carry credentials are redacted wherever they appear. */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino(
    {
    level,
    base: { service: 'oneroster-sds-provider' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'clientSecret',
        'client_secret',
        'access_token',
        'password',
        '*.clientSecret',
        '*.password',
      ],
      censor: '[redacted]',
    },
  },
    pino.destination({ dest: destination, sync: true }),
  );
}

/** Lets Nest's own messages (bootstrap, routes, errors) go through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
