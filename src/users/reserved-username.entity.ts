import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Why a name may not be generated: an existing Entra account, or a name a person held before a correction. */
export type ReservationSource = 'entra' | 'retired';

/**
 * A name no generated username may take in a tenant and domain. Entra accounts come from
 * `usernames reserve`; a retired name is one a person held before a correction or regeneration,
 * kept so that it never passes to somebody else.
 */
@Entity('tenant_reserved_usernames')
export class ReservedUsernameEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @PrimaryColumn({ type: String, length: 255 })
  domain: string;

  @PrimaryColumn({ name: 'local_part', type: String, length: 64 })
  localPart: string;

  @Column({ type: String, length: 16 })
  source: ReservationSource;

  /** For a retired name: whose it was. */
  @Column({ name: 'user_sourced_id', type: String, length: 255, nullable: true })
  userSourcedId: string | null;

  /** For an Entra account: its names, to propose it as the correction for the roster person of the same name. */
  @Column({ name: 'given_name', type: String, length: 255, nullable: true })
  givenName: string | null;

  @Column({ type: String, length: 255, nullable: true })
  surname: string | null;

  @Column({ name: 'display_name', type: String, length: 255, nullable: true })
  displayName: string | null;

  @Column({ name: 'created_at', type: String, length: 24 })
  createdAt: string;
}
