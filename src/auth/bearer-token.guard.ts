import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ForbiddenError, ServerBusyError, UnauthorisedRequestError } from '../oneroster/errors/oneroster.errors';
import { RequestWithContext } from '../oneroster/http/roster-context';
import { AUTH_REALM } from '../oneroster/errors/oauth-error';
import { ROUTE_SCOPES, RouteScope } from '../oneroster/security/oauth-scopes';
import { ROUTE_SCOPE } from '../oneroster/security/route-scope';
import { RateLimits } from './rate-limits';
import { TokensService } from './tokens.service';
import { Clock } from '../config/clock';

/** The WWW-Authenticate header of a refused bearer token (RFC 6750 §3). */
export const challenge = (extra = '') => ({ 'WWW-Authenticate': `Bearer realm="${AUTH_REALM}"${extra}` });

/** The request's bearer token (RFC 6750 §2.1), or a 401 that names `who` needs one. */
export function bearerTokenOf(req: Request, who = 'An access token'): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match)
    throw new UnauthorisedRequestError(
      `${who} is required: Authorization: Bearer <token> from POST /oauth/token`,
      challenge(),
    );
  return match[1];
}

/**
 * Every OneRoster route (one marked with RequiresScope): a valid bearer token (RFC 6750), the scope the
 * route needs, and the client's request rate. On success the request's RosterContext carries the token's
 * tenant. Registered for the whole app, so the OneRoster kernel marks routes without knowing this guard.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly limits: RateLimits,
    private readonly reflector: Reflector,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const routeScope = this.reflector.get<RouteScope | undefined>(ROUTE_SCOPE, context.getHandler());
    if (!routeScope) return true;
    const req = context.switchToHttp().getRequest<Request & RequestWithContext>();
    const grant = await this.tokens.validate(bearerTokenOf(req));
    if (!grant) {
      throw new UnauthorisedRequestError(
        'The access token is unknown, expired or revoked',
        challenge(', error="invalid_token", error_description="The access token is unknown, expired or revoked"'),
      );
    }
    // Set before the rate and scope checks, so that the access log and the sync monitor see whose request was refused.
    req.rosterContext = {
      ...req.rosterContext!,
      tenantId: grant.tenantId,
      clientId: grant.clientId,
      tenant: grant.tenant,
      now: this.clock.now(),
    };
    const wait = await this.limits.apiRequest(grant.clientId);
    if (wait > 0) throw new ServerBusyError(wait);
    const accepted: readonly string[] = ROUTE_SCOPES[routeScope];
    const allowed =
      accepted.some((scope) => grant.scopes.includes(scope)) &&
      (routeScope !== 'demographics' || grant.tenant.demographicsEnabled);
    if (!allowed) {
      const why =
        routeScope === 'demographics' && !grant.tenant.demographicsEnabled
          ? 'Demographics are switched off for this tenant'
          : `This route needs the scope ${accepted.join(' or ')}`;
      throw new ForbiddenError(why, challenge(`, error="insufficient_scope", scope="${accepted.join(' ')}"`));
    }
    return true;
  }
}
