import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EMAIL_SOURCES = ['sis', 'username'] as const;
export type EmailSource = (typeof EMAIL_SOURCES)[number];
export const FUTURE_STUDENTS = ['include', 'exclude'] as const;
export type FutureStudents = (typeof FUTURE_STUDENTS)[number];

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

  /** `username` also served as `email` ('username'), or the SIS's email as imported ('sis'). */
  @Column({ name: 'email_source', type: String, length: 16, default: 'sis' })
  emailSource: EmailSource;

  /** When a setting that changes every served user (the email source) last changed; their served dateLastModified is at least this. */
  @Column({ name: 'users_changed_at', type: String, length: 24, nullable: true })
  usersChangedAt: string | null;

  /**
   * When records last entered this tenant's view without changing themselves (its scope grew, or a setting such as
   * future students stopped holding them back). Every served dateLastModified is at least this, so a client that
   * syncs by dateLastModified alone receives them.
   */
  @Column({ name: 'view_changed_at', type: String, length: 24, nullable: true })
  viewChangedAt: string | null;

  /**
   * When a record last left this tenant's view (see TenantDepartureEntity); null while none ever has, and then readers
   * leave departures out of their SQL. Also the latest served dateLastModified a departure can carry.
   */
  @Column({ name: 'last_departure_at', type: String, length: 24, nullable: true })
  lastDepartureAt: string | null;

  /** Template for the served `class.title`, e.g. `{classTitle} - {schoolName}`; null serves the SIS title. */
  @Column({ name: 'class_title_format', type: String, length: 256, nullable: true })
  classTitleFormat: string | null;

  /** 'exclude' holds back student enrollments (and students) until their begin date. */
  @Column({ name: 'future_students', type: String, length: 16, default: 'include' })
  futureStudents: FutureStudents;

  /** IANA zone in which "today" and the switch date are read. */
  @Column({ name: 'time_zone', type: String, length: 64, default: 'Europe/Brussels' })
  timeZone: string;

  /**
   * The mass-removal guard's threshold for this tenant: an import that would retire more than `guardPercent` % and more
   * than `guardMinimum` of its active users, classes or enrollments is held. Null: the deployment's default.
   */
  @Column({ name: 'guard_percent', type: Number, nullable: true })
  guardPercent: number | null;

  @Column({ name: 'guard_minimum', type: Number, nullable: true })
  guardMinimum: number | null;

  /** `MM-DD`: from this day the next school year is served. */
  @Column({ name: 'school_year_switch', type: String, length: 5, default: '08-15' })
  schoolYearSwitch: string;

  /**
   * Replaced (a new UUID) after every change to what this tenant is served: imports, settings,
   * usernames. Remembered totals and page ends (PageCache) are keyed by it, so none outlives a change.
   */
  @Column({ name: 'serving_stamp', type: String, length: 36, nullable: true })
  servingStamp: string | null;

  @Column({ name: 'created_at', type: String, length: 24 })
  createdAt: string;

  @Column({ name: 'updated_at', type: String, length: 24 })
  updatedAt: string;
}
