import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Clock } from '../config/clock';
import { ONEROSTER_PATH, RequestWithContext } from '../oneroster/http/roster-context';
import { AccessLog } from './access-log.service';

/** An admin request's client, as AdminGuard set it (the admin module sits above this one). */
type AuditedRequest = RequestWithContext & { adminGrant?: { clientId: string } };

/**
 * Records each answered request in the access log once the response is sent: a rostering request whose token named
 * a tenant (refused ones too: the sync monitor counts them), and every admin request an admin client made.
 */
@Injectable()
export class AccessLogMiddleware implements NestMiddleware {
  constructor(
    private readonly log: AccessLog,
    private readonly clock: Clock,
  ) {}

  use(req: AuditedRequest, res: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
      if (req.originalUrl.startsWith(ONEROSTER_PATH)) this.read(req, res, durationMs);
      else this.admin(req, res, durationMs);
    });
    next();
  }

  private read(req: AuditedRequest, res: Response, durationMs: number) {
    const context = req.rosterContext;
    if (!context?.tenantId || !context.clientId) return;
    const { served } = req;
    this.log.record({
      ...this.common(req, res, durationMs),
      kind: 'read',
      tenantId: context.tenantId,
      clientId: context.clientId,
      filter: served?.page?.filter ?? queryText(req, 'filter'),
      page: served?.page,
      sourcedIds: served?.sourcedIds,
    });
  }

  private admin(req: AuditedRequest, res: Response, durationMs: number) {
    if (!req.adminGrant) return;
    const tenantId = (req.params as Record<string, string> | undefined)?.tenantId ?? null;
    this.log.record({
      ...this.common(req, res, durationMs),
      kind: 'admin',
      tenantId,
      clientId: req.adminGrant.clientId,
      filter: null,
    });
  }

  private common(req: Request, res: Response, durationMs: number) {
    return {
      at: this.clock.now().toISOString(),
      method: req.method,
      path: req.originalUrl.split('?')[0],
      route: routeOf(req),
      status: res.statusCode,
      durationMs,
    };
  }
}

/** The route pattern the request matched (`/ims/oneroster/v1p1/users/:sourcedId`), or its path when none did. */
function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: string } }).route?.path;
  return typeof route === 'string' ? route : req.originalUrl.split('?')[0];
}

function queryText(req: Request, name: string): string | null {
  const value = req.query[name];
  return typeof value === 'string' ? value : null;
}
