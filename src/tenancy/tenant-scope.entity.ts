import { Entity, PrimaryColumn } from 'typeorm';

export type ScopedType = 'org' | 'academicSession';

/**
 * What a tenant may see, resolved: its orgs (named ones and their descendants, less exclusions)
 * and the academic sessions their classes and courses use. Recomputed after every import and
 * tenant change, so that every API query restricts itself with one indexed EXISTS.
 */
@Entity('tenant_scope')
export class TenantScopeEntity {
  @PrimaryColumn({ name: 'tenant_id', type: String, length: 64 })
  tenantId: string;

  @PrimaryColumn({ name: 'entity_type', type: String, length: 16 })
  entityType: ScopedType;

  @PrimaryColumn({ name: 'sourced_id', type: String, length: 255 })
  sourcedId: string;
}
