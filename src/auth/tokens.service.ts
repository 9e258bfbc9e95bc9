import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

  /** The scopes a client of this tenant may hold. */
  async grantable(tenantId: string): Promise<string[]> {
    const tenant = await this.dataSource.getRepository(TenantEntity).findOneByOrFail({ id: tenantId });
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
      .innerJoin(ApiClientEntity, 'client', 'client.tenantId = tenant.id AND client.revokedAt IS NULL')
      .where('client.clientId = :clientId', { clientId: claims.clientId })
      .andWhere('tenant.id = :tenantId', { tenantId: claims.tenantId })
      .getOne();
    return tenant && { clientId: claims.clientId, tenantId: tenant.id, scopes: claims.scopes, tenant };
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
