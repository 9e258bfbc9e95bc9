import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DEFAULT_FEED } from '../oneroster/rostering-record';

export type ImportRunState =
  'queued' | 'staging' | 'rejected' | 'applied' | 'held' | 'discarded' | 'dry-run' | 'failed';

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

  /** A pushed import: when it was queued (it starts when the imports before it are done). */
  @Column({ name: 'queued_at', type: String, length: 24, nullable: true })
  queuedAt: string | null;

  /** A pushed import: the admin client that pushed it. */
  @Column({ name: 'pushed_by', type: String, length: 64, nullable: true })
  pushedBy: string | null;

  /** A pushed import: its uploaded bundle, until the run is over. */
  @Column({ name: 'upload_path', type: String, length: 1000, nullable: true })
  uploadPath: string | null;

  /** A pushed import: the options it was pushed with (skipInvalid, dryRun, encoding). */
  @Column({ type: 'simple-json', nullable: true })
  options: Record<string, unknown> | null;

  /** Why a run failed, when it failed on an error rather than on the bundle's rows. */
  @Column({ type: String, length: 1000, nullable: true })
  error: string | null;

  /** The digest of the bundle's bytes and what shapes their import (bundle-digest.ts); null when not taken. */
  @Column({ name: 'bundle_digest', type: String, length: 64, nullable: true })
  bundleDigest: string | null;

  /** Per file: mode, rows read, inserted, updated, unchanged, marked tobedeleted, rejected. */
  @Column({ type: 'simple-json', nullable: true })
  summary: Record<string, unknown> | null;
}
