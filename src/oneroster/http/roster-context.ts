import { createParamDecorator, ExecutionContext, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { TenantEntity } from '../../tenancy/tenant.entity';
import { GuidRefs } from '../guid-ref';

export const ONEROSTER_PATH = '/ims/oneroster/v1p1';

/** What a OneRoster request handler needs to know about its caller and where it is served. */
export interface RosterContext {
  /** Scheme, host and port the client used (or PUBLIC_BASE_URL). */
  readonly origin: string;
  /** Absolute base URL of the API (…/ims/oneroster/v1p1), for hrefs and Link headers. */
  readonly baseUrl: string;
  readonly refs: GuidRefs;
  /** The tenant whose scope every query is restricted to; set by BearerTokenGuard. */
  readonly tenantId?: string;
  readonly clientId?: string;
  /** The tenant's settings (usernames, class titles, calendar), as of this request. */
  readonly tenant?: TenantEntity;
  /** The one instant this request is served at: "today" for the calendar rules. */
  readonly now?: Date;
}

/** A RosterContext after authentication: the tenant is known. */
export type ScopedRosterContext = RosterContext & {
  readonly tenantId: string;
  readonly tenant: TenantEntity;
  readonly now: Date;
};

/** What a OneRoster request served, for the access log and the sync monitor (set by OneRosterResponseInterceptor). */
export interface ServedRecords {
  readonly sourcedIds: readonly string[];
  /** A collection page: where it started, its limit and filter, and the collection's total. */
  readonly page?: { readonly offset: number; readonly limit: number; readonly total: number; readonly filter?: string };
}

export type RequestWithContext = Request & { rosterContext?: RosterContext; served?: ServedRecords };

/** Works out the public base URL once per request: PUBLIC_BASE_URL, else the request's own host. */
@Injectable()
export class RosterContextMiddleware implements NestMiddleware {
  constructor(private readonly config: AppConfig) {}

  use(req: RequestWithContext, _res: Response, next: NextFunction) {
    const origin = this.config.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const baseUrl = `${origin}${ONEROSTER_PATH}`;
    req.rosterContext = { origin, baseUrl, refs: new GuidRefs(baseUrl) };
    next();
  }
}

/** Injects the request's authenticated RosterContext into a handler. */
export const Roster = createParamDecorator((_data: unknown, ctx: ExecutionContext): ScopedRosterContext => {
  const context = ctx.switchToHttp().getRequest<RequestWithContext>().rosterContext;
  if (!context?.tenantId) throw new Error('RosterContextMiddleware or BearerTokenGuard did not run for this route');
  return context as ScopedRosterContext;
});
