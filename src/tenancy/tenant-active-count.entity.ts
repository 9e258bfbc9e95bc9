import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tenant's active users, classes and enrollments as the last import left them: the mass-removal guard's base. An
 * import counts only the tenants that have none kept, and drops the counts of the views it touched. Counts are void
 * once the tenant's settings change (they were made under its updatedAt), and any other publication (a tenant's scope
 * or settings, a username) drops its tenants' rows besides: the next import counts them.
 */
@Entity('tenant_active_counts')
export class TenantActiveCountEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  /** The tenant's updatedAt when they were counted: a change of its scope since makes them void. */
  @Column({ name: 'settings_of', type: String, length: 24 })
  settingsOf: string;

  @Column({ type: Number })
  users: number;

  @Column({ type: Number })
  classes: number;

  @Column({ type: Number })
  enrollments: number;
}
