import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AdminScope } from '../auth/admin-scopes';
import { RateLimits } from '../auth/rate-limits';
import { AdminGrant, TokensService } from '../auth/tokens.service';
import { ForbiddenError, ServerBusyError, UnauthorisedRequestError } from '../oneroster/errors/oneroster.errors';
import { bearerTokenOf, challenge } from '../auth/bearer-token.guard';

const ADMIN_SCOPE = 'admin:scope';

/** The admin scopes a route takes (any one of them); AdminGuard enforces it. */
export const RequiresAdminScope = (scopes: readonly AdminScope[]) => SetMetadata(ADMIN_SCOPE, scopes);

export type AdminRequest = Request & { adminGrant?: AdminGrant };

/**
 * Every admin route: a bearer token of an admin client holding the route's scope, within the client's request
 * rate. A rostering client's token is refused here, as an admin token is on the rostering routes (TokensService).
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly limits: RateLimits,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scopes = this.reflector.get<readonly AdminScope[] | undefined>(ADMIN_SCOPE, context.getHandler());
    if (!scopes) throw new Error(`admin route ${context.getHandler().name} names no admin scope`);
    const req = context.switchToHttp().getRequest<AdminRequest>();
    const token = bearerTokenOf(req, 'An admin access token');
    const grant = await this.tokens.validateAdmin(token);
    if (!grant) throw await this.refusal(token);
    const wait = await this.limits.apiRequest(grant.clientId);
    if (wait > 0) throw new ServerBusyError(wait);
    if (!scopes.some((scope) => grant.scopes.includes(scope)))
      throw new ForbiddenError(
        `This route needs the admin scope ${scopes.join(' or ')}`,
        challenge(`, error="insufficient_scope", scope="${scopes.join(' ')}"`),
      );
    req.adminGrant = grant;
    return true;
  }

  private async refusal(token: string) {
    if (await this.tokens.validate(token))
      return new ForbiddenError(
        'A rostering client cannot use the admin API: use an admin client (clients create --admin)',
      );
    return new UnauthorisedRequestError(
      "The access token is unknown, expired, revoked, or not an admin client's",
      challenge(', error="invalid_token"'),
    );
  }
}
