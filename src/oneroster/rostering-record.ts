import { Column, PrimaryColumn } from 'typeorm';

export type RecordStatus = 'active' | 'tobedeleted';

/** The feed of an import that names none: the two-command Quickstart and single-SIS deployments. */
export const DEFAULT_FEED = 'default';

/** Columns every OneRoster record shares (OneRoster 1.1 common fields). */
export abstract class RosteringRecord {
  @PrimaryColumn({ name: 'sourced_id', type: String, length: 255 })
  sourcedId: string;

  @Column({ type: String, length: 16 })
  status: RecordStatus;

  /**
   * Stored as the exact wire format `YYYY-MM-DDTHH:mm:ss.SSSZ` (always UTC, fixed width), so that
   * string order is time order in every dialect and no driver shifts it by a time zone.
   */
  @Column({ name: 'date_last_modified', type: String, length: 24 })
  dateLastModified: string;

  /** Hash of the record's content as imported; dateLastModified moves only when it changes. */
  @Column({ name: 'content_hash', type: String, length: 64 })
  contentHash: string;

  /**
   * Hash of the CSV line the record was last read from, with its file's header and import context (see
   * carried-lines.ts): the next import of its feed carries that line unchanged without parsing it. Null when unknown.
   */
  @Column({ name: 'line_hash', type: String, length: 40, nullable: true })
  lineHash: string | null;

  /** The feed (one SIS export) the record came from: a bulk file speaks for its own feed's records only. */
  @Column({ type: String, length: 64, default: DEFAULT_FEED })
  feed: string;

  /** `metadata.*` extension columns of the CSV, served as `metadata`. */
  @Column({ type: 'simple-json', nullable: true })
  metadata: Record<string, string> | null;
}
