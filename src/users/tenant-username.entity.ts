import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type UsernameOrigin = 'generated' | 'override';

/**
 * The username a tenant gives a person for School Data Sync. Stored once and never changed by
 * itself, and never deleted, so that a leaver's name is never handed to somebody else.
 */
@Entity('tenant_usernames')
@Index('ux_tenant_usernames_name', ['tenantId', 'domain', 'localPart'], { unique: true })
@Index('ix_tenant_usernames_user', ['userSourcedId'])
export class TenantUsernameEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'user_sourced_id', type: String, length: 255 })
  userSourcedId: string;

  /** Lower case, '' when the tenant has no domain (not NULL: SQL Server's unique index would allow one NULL only). */
  @Column({ type: String, length: 255 })
  domain: string;

  /** The part before `@`, lower case, so uniqueness is case-insensitive in every dialect. */
  @Column({ name: 'local_part', type: String, length: 64 })
  localPart: string;

  @Column({ type: String, length: 16 })
  origin: UsernameOrigin;

  @Column({ name: 'assigned_at', type: String, length: 24 })
  assignedAt: string;

  /** When the name last changed after it was first given (a correction, a confirmed regeneration); the served dateLastModified is at least this. */
  @Column({ name: 'renamed_at', type: String, length: 24, nullable: true })
  renamedAt: string | null;
}
