import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A class's title as a tenant serves it, rendered from the tenant's class title format after each
 * import or format change, so that filter and sort on `title` see the served value.
 */
@Entity('tenant_class_titles')
export class TenantClassTitleEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'class_sourced_id', type: String, length: 255 })
  classSourcedId: string;

  @Column({ type: String, length: 256 })
  title: string;

  /** When this title last changed; the served dateLastModified is at least this. */
  @Column({ name: 'changed_at', type: String, length: 24 })
  changedAt: string;
}
