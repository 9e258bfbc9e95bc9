import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The record types a tenant's view holds; demographics follow their user. */
export type DepartingType = 'org' | 'academicSession' | 'course' | 'class' | 'user' | 'enrollment';

/**
 * A record that left a tenant's view without being retired: the tenant's scope shrank, or the record moved to an org
 * outside it. A client that syncs by dateLastModified would never learn of it, and SDS would keep the pupil, so it is
 * served to this tenant as tobedeleted, last modified when it left, until it comes back into view.
 */
@Entity('tenant_departures')
@Index('ix_tenant_departures_departed', ['tenantId', 'entityType', 'departedAt'])
export class TenantDepartureEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'entity_type', type: String, length: 16 })
  entityType: DepartingType;

  @PrimaryColumn({ name: 'sourced_id', type: String, length: 255 })
  sourcedId: string;

  @Column({ name: 'departed_at', type: String, length: 24 })
  departedAt: string;

  /** The org (school) it left from, for the import guard's report. */
  @Column({ name: 'from_org', type: String, length: 255, nullable: true })
  fromOrg: string | null;
}
