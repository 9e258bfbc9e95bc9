import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { findTenant } from '../tenancy/find-tenant';
import { TenantEntity } from '../tenancy/tenant.entity';
import { UsageError } from '../usage-error';
import { ADMIN_SCOPES, AdminScope, ALL_ADMIN_SCOPES, isAdminScope } from './admin-scopes';
import { ApiClientEntity } from './api-client.entity';
import { isWellFormedCredential, MAX_CREDENTIAL_LENGTH } from './credential-shape';
import { DUMMY_HASH, hashSecret, randomCredential, verifySecret } from './secret-hash';

export class ClientError extends UsageError {}

/** What `clients create` and `clients rotate` show once: the only time the secret is visible. */
export interface IssuedCredentials {
  clientId: string;
  clientSecret: string;
  tenantId: string;
  /** rotate: until when the previous secret still works. */
  previousSecretValidUntil?: string;
  /** An admin client's scopes. */
  scopes?: readonly string[];
}

export type ClientView = Omit<ApiClientEntity, 'secretHash' | 'previousSecretHash'> & {
  state: 'active' | 'revoked';
  kind: 'rostering' | 'admin';
};

/** What `clients create` and the admin API are asked for. */
export interface ClientRequest {
  tenant?: string;
  name?: string;
  admin?: boolean;
  scopes?: string[];
}

/** An admin client belongs to no tenant: the column is not nullable, so it holds the empty string. */
export const NO_TENANT = '';

/** Smallest secret accepted from an operator (--secret-stdin): 32 characters. */
export const MIN_SECRET_LENGTH = 32;

@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * A new client with a random id and a random 32-byte secret, or with `secret` when an operator
   * moves an existing SDS connection here and keeps its secret.
   */
  async create(tenantId: string, name: string, secret?: string, now = new Date()): Promise<IssuedCredentials> {
    await findTenant(this.dataSource, tenantId);
    return this.insert(tenantId, name || 'School Data Sync', null, secret, now);
  }

  /** `clients create` and POST /admin/v1/clients: a tenant's rostering client, or an admin client with its scopes. */
  async issue(request: ClientRequest, secret?: string): Promise<IssuedCredentials> {
    if (request.admin) {
      if (request.tenant) throw new ClientError('an admin client belongs to no tenant: leave out --tenant');
      return this.createAdmin(request.name ?? '', request.scopes ?? [ADMIN_SCOPES.read], secret);
    }
    if (request.scopes) throw new ClientError('--scopes are for admin clients: add --admin');
    if (!request.tenant) throw new ClientError('--tenant <id> is required (or --admin for an admin client)');
    // The tenant is named in the request's body: an unknown one is a bad request, not a missing resource.
    if (!(await this.dataSource.getRepository(TenantEntity).existsBy({ id: request.tenant })))
      throw new ClientError(`no tenant '${request.tenant}' (see: tenants list)`);
    return this.create(request.tenant, request.name ?? '', secret);
  }

  /** A client of the admin API with these scopes: it belongs to no tenant and can never read rostering data. */
  async createAdmin(name: string, scopes: readonly string[], secret?: string, now = new Date()) {
    const unknown = scopes.filter((scope) => !isAdminScope(scope));
    if (unknown.length > 0 || scopes.length === 0)
      throw new ClientError(`--scopes takes one or more of ${ALL_ADMIN_SCOPES.join(', ')}; got '${scopes.join(',')}'`);
    const adminScopes = ALL_ADMIN_SCOPES.filter((scope) => scopes.includes(scope));
    return this.insert(NO_TENANT, name || 'Admin', adminScopes, secret, now);
  }

  private async insert(
    tenantId: string,
    name: string,
    adminScopes: readonly AdminScope[] | null,
    secret: string | undefined,
    now: Date,
  ): Promise<IssuedCredentials> {
    const clientSecret = secret ?? randomCredential(32);
    checkSecret(clientSecret);
    const clientId = randomBytes(16).toString('hex'); // hex: never starts with '-', so the CLI never takes it for an option
    await this.dataSource.getRepository(ApiClientEntity).insert({
      clientId,
      tenantId,
      name,
      adminScopes: adminScopes?.join(' ') ?? null,
      secretHash: await hashSecret(clientSecret),
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      createdAt: now.toISOString(),
      revokedAt: null,
      lastTokenAt: null,
    });
    return { clientId, clientSecret, tenantId, ...(adminScopes && { scopes: adminScopes }) };
  }

  async list(tenantId?: string): Promise<ClientView[]> {
    const clients = await this.dataSource.getRepository(ApiClientEntity).find({
      where: tenantId ? { tenantId } : {},
      order: { tenantId: 'ASC', createdAt: 'ASC', clientId: 'ASC' },
    });
    return clients.map(({ secretHash: _s, previousSecretHash: _p, ...view }) => ({
      ...view,
      state: view.revokedAt ? 'revoked' : 'active',
      kind: view.adminScopes === null ? 'rostering' : 'admin',
    }));
  }

  /** Revokes a client: its secret stops working and its tokens die at once. */
  async revoke(clientId: string, now = new Date()): Promise<void> {
    const client = await this.find(clientId);
    if (client.revokedAt)
      throw new ClientError(`client ${clientId} was already revoked at ${client.revokedAt}`, 'conflict');
    // Its tokens are checked against the client on every request, so they die with this update.
    await this.dataSource.getRepository(ApiClientEntity).update({ clientId }, { revokedAt: now.toISOString() });
  }

  /** A new secret; the old one keeps working for the configured grace period so SDS can be updated without a gap. */
  async rotate(clientId: string, now = new Date()): Promise<IssuedCredentials> {
    const client = await this.find(clientId);
    if (client.revokedAt) throw new ClientError(`client ${clientId} is revoked; create a new one`, 'conflict');
    const clientSecret = randomCredential(32);
    const validUntil = new Date(now.getTime() + this.config.auth.rotationGraceSeconds * 1000).toISOString();
    await this.dataSource.getRepository(ApiClientEntity).update(
      { clientId },
      {
        secretHash: await hashSecret(clientSecret),
        previousSecretHash: client.secretHash,
        previousSecretExpiresAt: validUntil,
      },
    );
    return { clientId, clientSecret, tenantId: client.tenantId, previousSecretValidUntil: validUntil };
  }

  /**
   * The active client these credentials belong to, or null. Always runs the slow hash for a well-formed
   * id, also an unknown one, so response times do not tell which client ids exist; a malformed id or
   * secret (see isWellFormedCredential) is null at once.
   */
  async authenticate(
    clientId: string,
    candidates: readonly string[],
    now = new Date(),
  ): Promise<ApiClientEntity | null> {
    const secrets = candidates.filter(isWellFormedCredential);
    if (!isWellFormedCredential(clientId) || secrets.length === 0) return null;
    const client = await this.dataSource.getRepository(ApiClientEntity).findOneBy({ clientId, revokedAt: IsNull() });
    const hashes = [client?.secretHash ?? DUMMY_HASH];
    if (
      client?.previousSecretHash &&
      client.previousSecretExpiresAt &&
      client.previousSecretExpiresAt > now.toISOString()
    ) {
      hashes.push(client.previousSecretHash);
    }
    for (const hash of hashes) for (const secret of secrets) if (await verifySecret(secret, hash)) return client;
    return null;
  }

  /** Whether the id names a client that is not revoked: one lookup, no slow hash (see ClientAuthGuard). */
  async isActive(clientId: string): Promise<boolean> {
    if (!isWellFormedCredential(clientId)) return false; // never issued, and PostgreSQL would refuse a NUL
    return this.dataSource.getRepository(ApiClientEntity).existsBy({ clientId, revokedAt: IsNull() });
  }

  private async find(clientId: string): Promise<ApiClientEntity> {
    const client = await this.dataSource.getRepository(ApiClientEntity).findOneBy({ clientId });
    if (!client) throw new ClientError(`no client '${clientId}' (see: clients list)`, 'not-found');
    return client;
  }
}

function checkSecret(secret: string) {
  if (secret.length < MIN_SECRET_LENGTH)
    throw new ClientError(`a client secret needs at least ${MIN_SECRET_LENGTH} characters`);
  if (secret.length > MAX_CREDENTIAL_LENGTH)
    throw new ClientError(`a client secret can have at most ${MAX_CREDENTIAL_LENGTH} characters`);
  if (/[\x00-\x1f\x7f]/.test(secret))
    throw new ClientError('a client secret cannot contain control characters or line breaks');
}
