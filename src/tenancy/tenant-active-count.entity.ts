import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tenant's active users, classes and enrollments as the last import left them: the mass-removal guard's base. An
 * import counts again only the tenants whose view it touched; any other publication (a tenant's scope or settings, a
 * username) drops its tenants' rows, and the next import counts them.
 */
@Entity('tenant_active_counts')
export class TenantActiveCountEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @Column({ type: Number })
  users: number;

  @Column({ type: Number })
  classes: number;

  @Column({ type: Number })
  enrollments: number;
}
