import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, LessThan } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { TenantEntity } from '../tenancy/tenant.entity';
import { AccessTokenEntity } from './access-token.entity';
import { ApiClientEntity } from './api-client.entity';
import { grantableScopes } from '../oneroster/security/oauth-scopes';
import { randomCredential } from './secret-hash';

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

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

@Injectable()
export class TokensService {
  private lastCleanup = 0;

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
    const token = randomCredential(32);
    const lifetime = this.config.auth.tokenLifetimeSeconds;
    await this.dataSource.getRepository(AccessTokenEntity).insert({
      tokenHash: hashToken(token),
      clientId: client.clientId,
      tenantId: client.tenantId,
      scope: scopes.join(' '),
      expiresAt: new Date(now.getTime() + lifetime * 1000).toISOString(),
      createdAt: now.toISOString(),
    });
    await this.dataSource
      .getRepository(ApiClientEntity)
      .update({ clientId: client.clientId }, { lastTokenAt: now.toISOString() });
    await this.removeExpired(now);
    return { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: scopes.join(' ') };
  }

  /** The grant behind a bearer token, or null when it is unknown, expired or its client was revoked. */
  async validate(token: string, now = new Date()): Promise<TokenGrant | null> {
    const { entities, raw } = await this.dataSource
      .getRepository(TenantEntity)
      .createQueryBuilder('tenant')
      .addSelect(['token.clientId', 'token.scope'])
      .innerJoin(AccessTokenEntity, 'token', 'token.tenantId = tenant.id')
      .innerJoin(ApiClientEntity, 'client', 'client.clientId = token.clientId AND client.revokedAt IS NULL')
      .where('token.tokenHash = :hash', { hash: hashToken(token) })
      .andWhere('token.expiresAt > :now', { now: now.toISOString() })
      .getRawAndEntities<Record<string, unknown>>();
    const [tenant, row] = [entities[0], raw[0]];
    if (!tenant || !row) return null;
    return {
      clientId: row.token_client_id as string,
      tenantId: tenant.id,
      scopes: (row.token_scope as string).split(' ').filter(Boolean),
      tenant,
    };
  }

  /** Expired tokens are useless; drop them now and then (at most once a minute per instance). */
  private async removeExpired(now: Date) {
    if (now.getTime() - this.lastCleanup < 60_000) return;
    this.lastCleanup = now.getTime();
    await this.dataSource.getRepository(AccessTokenEntity).delete({ expiresAt: LessThan(now.toISOString()) });
  }
}
