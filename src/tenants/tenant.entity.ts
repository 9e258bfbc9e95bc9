import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A school board served by this deployment: its own clients, scope and settings. */
@Entity('tenants')
export class TenantEntity {
  /** Short stable id chosen by the operator (`a-z0-9-`), e.g. `scholengroep-brugge`. */
  @PrimaryColumn({ type: String, length: 64 })
  id: string;

  @Column({ type: String, length: 255 })
  name: string;

  /** The board's Microsoft Entra (Microsoft 365) tenant id, a GUID; null until known. */
  @Column({ name: 'entra_tenant_id', type: String, length: 36, nullable: true })
  entraTenantId: string | null;

  /** Single-board deployments: every org is in scope (an explicit choice, never the default). */
  @Column({ name: 'all_orgs', type: Boolean })
  allOrgs: boolean;

  /** Whether the demographics routes and the roster-demographics.readonly scope are offered. */
  @Column({ name: 'demographics_enabled', type: Boolean })
  demographicsEnabled: boolean;

  @Column({ name: 'created_at', type: String, length: 24 })
  createdAt: string;

  @Column({ name: 'updated_at', type: String, length: 24 })
  updatedAt: string;
}
