import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An OAuth2 client of a tenant (SDS, or a school's own tool). The secret is kept only as a hash. */
@Entity('api_clients')
@Index('ix_api_clients_tenant', ['tenantId', 'clientId'])
export class ApiClientEntity {
  @PrimaryColumn({ name: 'client_id', type: String, length: 64 })
  clientId: string;

  @Column({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @Column({ type: String, length: 255 })
  name: string;

  @Column({ name: 'secret_hash', type: String, length: 255 })
  secretHash: string;

  /** After a rotation the old secret keeps working until previousSecretExpiresAt. */
  @Column({ name: 'previous_secret_hash', type: String, length: 255, nullable: true })
  previousSecretHash: string | null;

  @Column({ name: 'previous_secret_expires_at', type: String, length: 24, nullable: true })
  previousSecretExpiresAt: string | null;

  @Column({ name: 'created_at', type: String, length: 24 })
  createdAt: string;

  @Column({ name: 'revoked_at', type: String, length: 24, nullable: true })
  revokedAt: string | null;

  /** An admin client's scopes (admin.read, admin.write, import), space-separated; null for a rostering client. */
  @Column({ name: 'admin_scopes', type: String, length: 255, nullable: true })
  adminScopes: string | null;

  @Column({ name: 'last_token_at', type: String, length: 24, nullable: true })
  lastTokenAt: string | null;
}
