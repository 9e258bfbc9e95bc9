import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { updateWithoutWaiting } from '../database/without-waiting';
import { grantableScopes } from '../oneroster/security/oauth-scopes';
import { TenantEntity } from '../tenancy/tenant.entity';
import { ApiClientEntity } from './api-client.entity';
import { TokenSigner } from './token-signer';
import { TokenSigningKeyEntity } from './token-signing-key.entity';

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** Who a valid bearer token speaks for. */
export interface TokenGrant {
  clientId: string;
  tenantId: string;
  scopes: readonly string[];
  /** The tenant's current settings, read on every request so a change takes effect at once. */
  tenant: TenantEntity;
}

/** Who a valid admin bearer token speaks for. */
export interface AdminGrant {
  clientId: string;
  name: string;
  scopes: readonly string[];
}

/**
 * Bearer tokens, signed rather than stored: issuing one reads the database and writes nothing it has to
 * wait for, so token requests are answered during an import on every dialect. Every request checks the
 * token's signature and expiry, then its client (a revoked client's tokens die at once) and tenant.
 */
@Injectable()
export class TokensService {
  private signer?: Promise<TokenSigner>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The scopes this client may hold: its admin scopes, or what its tenant offers. */
  async grantable(client: ApiClientEntity): Promise<string[]> {
    if (client.adminScopes !== null) return client.adminScopes.split(' ');
    const tenant = await this.dataSource.getRepository(TenantEntity).findOneByOrFail({ id: client.tenantId });
    return grantableScopes(tenant.demographicsEnabled);
  }

  async issue(client: ApiClientEntity, scopes: readonly string[], now = new Date()): Promise<IssuedToken> {
    const lifetime = this.config.auth.tokenLifetimeSeconds;
    const expiresAt = Math.floor(now.getTime() / 1000) + lifetime;
    const token = (await this.signing()).sign({
      clientId: client.clientId,
      tenantId: client.tenantId,
      scopes,
      expiresAt,
    });
    // Shown by `clients list`; skipped rather than waited for while an import holds SQLite's write lock.
    await updateWithoutWaiting(
      this.dataSource
        .createQueryBuilder()
        .update(ApiClientEntity)
        .set({ lastTokenAt: now.toISOString() })
        .where({ clientId: client.clientId }),
    );
    return { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: scopes.join(' ') };
  }

  /** The grant behind a bearer token, or null when it is forged, expired or its client was revoked. */
  async validate(token: string, now = new Date()): Promise<TokenGrant | null> {
    const claims = (await this.signing()).verify(token, now);
    if (!claims) return null;
    const tenant = await this.dataSource
      .getRepository(TenantEntity)
      .createQueryBuilder('tenant')
      .innerJoin(
        ApiClientEntity,
        'client',
        'client.tenantId = tenant.id AND client.revokedAt IS NULL AND client.adminScopes IS NULL',
      )
      .where('client.clientId = :clientId', { clientId: claims.clientId })
      .andWhere('tenant.id = :tenantId', { tenantId: claims.tenantId })
      .getOne();
    return tenant && { clientId: claims.clientId, tenantId: tenant.id, scopes: claims.scopes, tenant };
  }

  /**
   * The grant behind an admin bearer token, or null when it is forged, expired, its client was revoked or is not an
   * admin client. The scopes are those of the token that the client still holds.
   */
  async validateAdmin(token: string, now = new Date()): Promise<AdminGrant | null> {
    const claims = (await this.signing()).verify(token, now);
    if (!claims) return null;
    const client = await this.dataSource
      .getRepository(ApiClientEntity)
      .findOneBy({ clientId: claims.clientId, revokedAt: IsNull(), adminScopes: Not(IsNull()) });
    if (!client) return null;
    const held = client.adminScopes!.split(' ');
    return { clientId: client.clientId, name: client.name, scopes: claims.scopes.filter((s) => held.includes(s)) };
  }

  /** The deployment's key, read once per process (a migration made it). */
  private signing(): Promise<TokenSigner> {
    this.signer ??= this.dataSource
      .getRepository(TokenSigningKeyEntity)
      .findOneByOrFail({ id: 'current' })
      .then((key) => new TokenSigner(Buffer.from(key.secret, 'base64url')));
    return this.signer;
  }
}
