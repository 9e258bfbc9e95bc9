import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A reference from a staged row to another record, checked in SQL before anything is applied. */
@Entity('import_references')
@Index('ix_import_references_type', ['importId', 'targetType', 'id'])
export class ImportReferenceEntity {
  @PrimaryColumn({ name: 'import_id', type: String, length: 36 })
  importId: string;

  /** The reference's number within its import: no identity, whose counter would grow with every import. */
  @PrimaryColumn({ type: Number })
  id: number;

  @Column({ name: 'entity_type', type: String, length: 32 })
  entityType: string;

  @Column({ type: Number })
  line: number;

  /** sourcedId of the referring row, for the rejected-rows report. */
  @Column({ name: 'sourced_id', type: String, length: 255 })
  sourcedId: string;

  @Column({ name: 'column_name', type: String, length: 64 })
  columnName: string;

  @Column({ name: 'target_type', type: String, length: 32 })
  targetType: string;

  @Column({ name: 'target_sourced_id', type: String, length: 255 })
  targetSourcedId: string;
}
