import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Logger } from 'pino';
import { PINO_LOGGER } from '../../logging/logging.module';
import { ONEROSTER_PATH } from '../http/roster-context';
import { AUTH_REALM, OAuthError, TOKEN_PATH } from './oauth-error';
import { CodeMinor, OneRosterError } from './oneroster.errors';
import { statusInfo } from './status-info';

const CODE_MINOR_BY_STATUS: Record<number, CodeMinor> = {
  400: 'invaliddata',
  401: 'unauthorisedrequest',
  403: 'forbidden',
  404: 'unknownobject',
  422: 'invaliddata',
  429: 'server_busy',
};

/**
 * The one place errors become responses: the imsx envelope under /ims/oneroster, plain JSON
 * elsewhere. An unexpected error is logged with its stack and answered 500 without details.
 */
@Catch()
export class OneRosterExceptionFilter implements ExceptionFilter {
  constructor(@Inject(PINO_LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    if (req.path === TOKEN_PATH) return this.oauth(error, res);
    const { status, codeMinor, description } = this.describe(error, req);
    if (error instanceof OneRosterError) res.set(error.headers);
    if (status >= 500) this.logger.error({ err: error, reqId: req.id, url: req.originalUrl }, 'request failed');
    if (req.path.startsWith(ONEROSTER_PATH)) {
      res.status(status).json(statusInfo(codeMinor, description));
    } else if (error instanceof HttpException && status < 500) {
      res.status(status).json(error.getResponse());
    } else {
      res.status(status).json({ statusCode: status, message: description });
    }
  }

  /** The token endpoint answers in RFC 6749 §5.2 form, never with the imsx envelope. */
  private oauth(error: unknown, res: Response) {
    const oauth =
      error instanceof OAuthError
        ? error
        : error instanceof HttpException && error.getStatus() < 500
          ? new OAuthError(
              'invalid_request',
              'the token request body could not be read as application/x-www-form-urlencoded',
            )
          : null;
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    if (!oauth) {
      this.logger.error({ err: error }, 'token request failed');
      res.status(500).json({
        error: 'server_error',
        error_description: 'The server could not answer this request; the error has been logged.',
      });
      return;
    }
    if (oauth.status === 401) res.set('WWW-Authenticate', `Basic realm="${AUTH_REALM}", charset="UTF-8"`);
    if (oauth.retryAfterSeconds) res.set('Retry-After', String(oauth.retryAfterSeconds));
    res.status(oauth.status).json(oauth.body);
  }

  private describe(error: unknown, req: Request): { status: number; codeMinor: CodeMinor; description: string } {
    if (error instanceof OneRosterError) {
      return { status: error.status, codeMinor: error.codeMinor, description: error.message };
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      const description = status === 404 ? `No such route: ${req.method} ${req.path}` : error.message;
      return { status, codeMinor: CODE_MINOR_BY_STATUS[status] ?? 'invaliddata', description };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      codeMinor: 'internal_server_error',
      description: 'The server could not answer this request; the error has been logged.',
    };
  }
}
