import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A validated CSV row waiting to be applied. Staging rows in the database (not in memory) is what
 * keeps an import's memory flat whatever the bundle size, and lets reference checks run as SQL.
 */
@Entity('import_records')
// The hash too: the apply compares it with the stored record's without reading the staged row.
@Index('ix_import_records_sourced_id', ['importId', 'entityType', 'sourcedId', 'contentHash'])
export class ImportRecordEntity {
  @PrimaryColumn({ name: 'import_id', type: String, length: 36 })
  importId: string;

  @PrimaryColumn({ name: 'entity_type', type: String, length: 32 })
  entityType: string;

  /** Line in the CSV file (1 = header). */
  @PrimaryColumn({ type: Number })
  line: number;

  @Column({ name: 'sourced_id', type: String, length: 255 })
  sourcedId: string;

  /** A detail reference checks need without reading the payload: an org's type. */
  @Column({ type: String, length: 32, nullable: true })
  kind: string | null;

  @Column({ name: 'content_hash', type: String, length: 64 })
  contentHash: string;

  /** Hash of the CSV line the row was read from (see carried-lines.ts), kept with the record; null when unknown. */
  @Column({ name: 'line_hash', type: String, length: 40, nullable: true })
  lineHash: string | null;

  /** The normalised record (entity fields and relation lists) as JSON. */
  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;
}

/** What the apply reads of a staged row. */
export type StagedRecord = Pick<ImportRecordEntity, 'sourcedId' | 'contentHash' | 'lineHash' | 'payload'>;
