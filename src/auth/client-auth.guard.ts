import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiClientEntity } from './api-client.entity';
import { OAuthError } from '../oneroster/errors/oauth-error';
import { RateLimits } from './rate-limits';

type TokenRequest = Request & { user?: ApiClientEntity };

/** The client id a token request claims, for rate limiting, whichever method it used. */
function claimedClientId(req: Request): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] || undefined;
  const id = (req.body as Record<string, unknown> | undefined)?.client_id;
  return typeof id === 'string' && id ? id.slice(0, 64) : undefined;
}

/**
 * Authenticates the client of a token request with either RFC 6749 method (never both at once,
 * §2.3), after the rate limits for its client id and source address.
 */
@Injectable()
export class ClientAuthGuard extends AuthGuard(['client-secret-basic', 'client-secret-post']) {
  constructor(private readonly limits: RateLimits) {
    super({ session: false });
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<TokenRequest>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const usesBasic = req.headers.authorization !== undefined;
    const usesPost = body.client_id !== undefined || body.client_secret !== undefined;
    if (usesBasic && usesPost)
      throw new OAuthError(
        'invalid_request',
        'use one client authentication method: HTTP Basic or client_id/client_secret in the body, not both',
      );
    if (usesBasic && !/^Basic\s+\S+$/i.test(req.headers.authorization!)) {
      throw new OAuthError(
        'invalid_client',
        'the Authorization header must be HTTP Basic with base64(client_id:client_secret)',
      );
    }
    const clientId = claimedClientId(req);
    const address = req.ip ?? 'unknown';
    const wait = await this.limits.tokenBlockedFor(clientId, address);
    if (wait > 0) throw new OAuthError('slow_down', `too many failed token requests; retry in ${wait} s`, 429, wait);
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (error instanceof OAuthError && error.code === 'invalid_client')
        await this.limits.recordTokenFailure(clientId, address);
      throw error;
    }
  }

  /** Passport's verdict: no client means the credentials were wrong; an error is an outage, passed on as it is. */
  override handleRequest<T>(error: unknown, client: T): T {
    if (error) throw error;
    if (!client)
      throw new OAuthError(
        'invalid_client',
        'client authentication failed: unknown client, wrong secret, or a revoked client',
      );
    return client;
  }
}
