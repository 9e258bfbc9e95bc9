import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An issued bearer token, stored as its SHA-256 so a database leak leaks no usable token. Kept in
 * the database (not in memory or a signed JWT) so that several app instances share tokens and a
 * revoked client's tokens die at once.
 */
@Entity('access_tokens')
@Index('ix_access_tokens_client', ['clientId'])
@Index('ix_access_tokens_expires', ['expiresAt'])
export class AccessTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: String, length: 64 })
  tokenHash: string;

  @Column({ name: 'client_id', type: String, length: 64 })
  clientId: string;

  @Column({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  /** Space-separated granted scope URIs. */
  @Column({ type: String, length: 1000 })
  scope: string;

  @Column({ name: 'expires_at', type: String, length: 24 })
  expiresAt: string;

  @Column({ name: 'created_at', type: String, length: 24 })
  createdAt: string;
}
