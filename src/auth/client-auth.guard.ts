import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { ApiClientEntity } from './api-client.entity';
import { ClientsService } from './clients.service';
import { OAuthError } from '../oneroster/errors/oauth-error';
import { Metrics } from '../metrics/metrics';
import { RateLimits } from './rate-limits';

type TokenRequest = Request & { user?: ApiClientEntity };

/** The client id a token request claims, for rate limiting, whichever method it used. */
function claimedClientId(req: Request): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] || undefined;
  const id = (req.body as Record<string, unknown> | undefined)?.client_id;
  return typeof id === 'string' && id ? id.slice(0, 64) : undefined;
}

/** RFC 6749 §2.3: one client authentication method, and a Basic header that is Basic. */
function checkAuthenticationMethod(req: Request): void {
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
}

const slowDown = (wait: number) =>
  new OAuthError('slow_down', `too many failed token requests; retry in ${wait} s`, 429, wait);

const isWrongCredentials = (error: unknown) => error instanceof OAuthError && error.code === 'invalid_client';

/**
 * Authenticates the client of a token request with either RFC 6749 method (never both at once,
 * §2.3), within the limits on failed requests (see RateLimits).
 */
@Injectable()
export class ClientAuthGuard extends AuthGuard(['client-secret-basic', 'client-secret-post']) {
  constructor(
    private readonly limits: RateLimits,
    private readonly clients: ClientsService,
    private readonly metrics: Metrics,
  ) {
    super({ session: false });
  }

  /**
   * Client ids are not secret, and many clients can share one address (a proxy without TRUST_PROXY, a
   * cloud's outbound addresses, SDS's among them). So failures never block a client id everywhere, and an
   * address's failures never refuse a right secret: else anyone could lock SDS out by guessing its secret, or
   * by failing often enough from an address SDS also uses. A right secret is refused only when its client id
   * is blocked at its own address: only someone who shares that address and names that client id can cause it.
   * Guessing stays bounded: each client id at each address has TOKEN_FAILURES_PER_CLIENT tries; an address
   * over TOKEN_FAILURES_PER_ADDRESS gets 429 for every wrong secret, and for an unknown or revoked client id
   * at once, without the slow hash, so a blocked address cannot make us hash without end. (That quick answer
   * tells a blocked address which ids exist; ids are 128 random bits, never guessed, so it gives nothing away.)
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<TokenRequest>();
    checkAuthenticationMethod(req);
    const clientId = claimedClientId(req);
    const address = req.ip ?? 'unknown';
    const waits = await this.limits.tokenWaits(clientId, address);
    if (waits.clientAtAddress > 0) throw slowDown(waits.clientAtAddress);
    if (waits.address > 0 && !(clientId && (await this.clients.isActive(clientId)))) throw slowDown(waits.address);
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (!isWrongCredentials(error)) throw error;
      await this.limits.recordTokenFailure(clientId, address);
      this.metrics.tokenRefused();
      throw waits.address > 0 ? slowDown(waits.address) : error;
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
