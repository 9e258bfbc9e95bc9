import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * When a publication's changes were written and when readers could first see them. Records carry the instant
 * they were written (`openedAt`), which precedes the commit: a client that read the state before in between
 * asks next for changes after an instant later than theirs. See DeltaWindows.
 */
@Entity('publication_windows')
@Index('ix_publication_windows_opened', ['openedAt'])
export class PublicationWindowEntity {
  @PrimaryColumn({ type: String, length: 36 })
  id: string;

  /** The publication's stamp: no record it changed carries an earlier dateLastModified. */
  @Column({ name: 'opened_at', type: String, length: 24 })
  openedAt: string;

  /** An instant after its commit; null until then, or when its process died before it wrote it. */
  @Column({ name: 'closed_at', type: String, length: 24, nullable: true })
  closedAt: string | null;
}
