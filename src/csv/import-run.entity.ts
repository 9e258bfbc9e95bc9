import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DEFAULT_FEED } from '../oneroster/rostering-record';

export type ImportRunState = 'staging' | 'rejected' | 'applied' | 'held' | 'discarded' | 'dry-run' | 'failed';

/** One execution of `cli import`: kept as an audit trail of what changed and when. */
@Entity('import_runs')
export class ImportRunEntity {
  @PrimaryColumn({ type: String, length: 36 })
  id: string;

  @Column({ type: String, length: 1000 })
  source: string;

  /** The feed this import speaks for (see RosteringRecord.feed). */
  @Column({ type: String, length: 64, default: DEFAULT_FEED })
  feed: string;

  @Column({ type: String, length: 16 })
  state: ImportRunState;

  @Column({ name: 'started_at', type: String, length: 24 })
  startedAt: string;

  @Column({ name: 'finished_at', type: String, length: 24, nullable: true })
  finishedAt: string | null;

  /** Per file: mode, rows read, inserted, updated, unchanged, marked tobedeleted, rejected. */
  @Column({ type: 'simple-json', nullable: true })
  summary: Record<string, unknown> | null;
}
