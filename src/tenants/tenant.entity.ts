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

  /** How usernames are generated, e.g. `{firstName}.{lastName}` (src/identity/username-template.ts). */
  @Column({ name: 'username_format', type: String, length: 255, default: '{firstName}.{lastName}' })
  usernameFormat: string;

  /** Longest local part (before `@`); Entra allows 64. */
  @Column({ name: 'username_max_length', type: Number, default: 64 })
  usernameMaxLength: number;

  /** Domain appended to usernames (`@school.be`); staff and students may have their own. */
  @Column({ type: String, length: 255, nullable: true })
  domain: string | null;

  @Column({ name: 'staff_domain', type: String, length: 255, nullable: true })
  staffDomain: string | null;

  @Column({ name: 'student_domain', type: String, length: 255, nullable: true })
  studentDomain: string | null;

  @Column({ name: 'created_at', type: String, length: 24 })
  createdAt: string;

  @Column({ name: 'updated_at', type: String, length: 24 })
  updatedAt: string;
}
