import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed access token says: who, for which tenant, which scopes, until when (epoch seconds). */
export interface TokenClaims {
  clientId: string;
  tenantId: string;
  scopes: readonly string[];
  expiresAt: number;
}

interface WireClaims {
  c: string;
  t: string;
  s: string;
  e: number;
}

/**
 * Access tokens as `<claims>.<HMAC-SHA256 of the claims>`, both base64url: a token is checked by its
 * signature and its expiry, then against its client's current state (revoked clients are refused at once).
 */
export class TokenSigner {
  constructor(private readonly key: Buffer) {}

  sign(claims: TokenClaims): string {
    const wire: WireClaims = {
      c: claims.clientId,
      t: claims.tenantId,
      s: claims.scopes.join(' '),
      e: claims.expiresAt,
    };
    const body = Buffer.from(JSON.stringify(wire)).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The claims of a token this key signed and that has not expired at `now`, else null. */
  verify(token: string, now: Date): TokenClaims | null {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0) return null;
    const expected = this.mac(body);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const wire = parseClaims(body);
    if (!wire || wire.e * 1000 <= now.getTime()) return null;
    return { clientId: wire.c, tenantId: wire.t, scopes: wire.s.split(' ').filter(Boolean), expiresAt: wire.e };
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}

function parseClaims(body: string): WireClaims | null {
  try {
    const wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<WireClaims>;
    const valid =
      typeof wire.c === 'string' && typeof wire.t === 'string' && typeof wire.s === 'string' && Number.isFinite(wire.e);
    return valid ? (wire as WireClaims) : null;
  } catch {
    return null;
  }
}
