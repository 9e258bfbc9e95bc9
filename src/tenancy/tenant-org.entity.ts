import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An org a tenant names in its scope, by `sourcedId` or by `identifier` (e.g. an institution
 * number), kept as the operator wrote it so that an org imported later still resolves.
 */
@Entity('tenant_orgs')
export class TenantOrgEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'org_ref', type: String, length: 255 })
  orgRef: string;

  /** true: this org and its descendants are left out even though an ancestor is included. */
  @Column({ type: Boolean })
  excluded: boolean;
}
