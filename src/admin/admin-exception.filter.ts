import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Logger } from 'pino';
import { PINO_LOGGER } from '../logging/logging.module';
import { OneRosterError } from '../oneroster/errors/oneroster.errors';
import { UsageError, UsageProblem } from '../usage-error';

/** The admin API's error body: RFC 9457 problem details, served as application/problem+json. */
export interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** The status of a mistake the CLI would print as one line: an unknown id is 404, a wrong state or a busy lock 409. */
const USAGE_STATUS: Record<UsageProblem, number> = { invalid: 400, 'not-found': 404, conflict: 409 };

function httpDetail(error: HttpException): string {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
}

/**
 * Every admin API error as problem details (the rostering API keeps the OneRoster imsx envelope): the CLI's one-line
 * mistakes keep their words, an unexpected error is logged with its stack and answered 500 without details.
 */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  constructor(@Inject(PINO_LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const [status, detail] = this.describe(error, req);
    if (error instanceof OneRosterError) res.set(error.headers);
    const problem: Problem = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
    res.status(status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private describe(error: unknown, req: Request): [number, string] {
    if (error instanceof OneRosterError) return [error.status, error.message];
    if (error instanceof UsageError) return [USAGE_STATUS[error.problem], error.message];
    if (error instanceof HttpException && error.getStatus() < 500) return [error.getStatus(), httpDetail(error)];
    this.logger.error({ err: error, reqId: req.id, url: req.originalUrl }, 'admin request failed');
    return [500, 'The server could not answer this request; the error has been logged.'];
  }
}
