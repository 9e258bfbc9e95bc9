import { Column, PrimaryColumn } from 'typeorm';

export type RecordStatus = 'active' | 'tobedeleted';

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

  /** `metadata.*` extension columns of the CSV, served as `metadata`. */
  @Column({ type: 'simple-json', nullable: true })
  metadata: Record<string, string> | null;
}
