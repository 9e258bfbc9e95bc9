import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type AccessKind = 'read' | 'admin';

/** One request of the access log: who (tenant, client) read what (route, filter, the records served), when. */
@Entity('access_log')
@Index('ix_access_log_tenant_at', ['tenantId', 'at'])
@Index('ix_access_log_at', ['at'])
export class AccessLogEntity {
  @PrimaryColumn({ type: String, length: 36 })
  id: string;

  /** When the request was answered (ISO 8601, UTC). */
  @Column({ type: String, length: 24 })
  at: string;

  /** `read`: a rostering request; `admin`: an admin API request. */
  @Column({ type: String, length: 8 })
  kind: AccessKind;

  /** The tenant whose data was read, or the tenant an admin request named (null: none). */
  @Column({ name: 'tenant_id', type: String, length: 64, nullable: true })
  tenantId: string | null;

  @Column({ name: 'client_id', type: String, length: 64 })
  clientId: string;

  @Column({ type: String, length: 8 })
  method: string;

  /** The path asked for, without the query string. */
  @Column({ type: String, length: 1000 })
  path: string;

  /** The route it matched, e.g. /ims/oneroster/v1p1/users/:id: what the sync monitor groups by. */
  @Column({ type: String, length: 255 })
  route: string;

  @Column({ type: String, length: 1000, nullable: true })
  filter: string | null;

  @Column({ type: Number })
  status: number;

  @Column({ name: 'duration_ms', type: Number })
  durationMs: number;

  @Column({ name: 'page_offset', type: Number, nullable: true })
  pageOffset: number | null;

  @Column({ name: 'page_limit', type: Number, nullable: true })
  pageLimit: number | null;

  /** The collection's total (X-Total-Count) when the page was served. */
  @Column({ type: Number, nullable: true })
  total: number | null;

  /** How many records were served. */
  @Column({ type: Number, nullable: true })
  records: number | null;

  /** The least and greatest sourcedId served: which rows may hold a given sourcedId, before inflating them. */
  @Column({ name: 'first_id', type: String, length: 255, nullable: true })
  firstId: string | null;

  @Column({ name: 'last_id', type: String, length: 255, nullable: true })
  lastId: string | null;

  /** Every sourcedId served, packed (see packIds). */
  @Column({ name: 'served_ids', type: 'simple-json', nullable: true })
  servedIds: string | null;
}
