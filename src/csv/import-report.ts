import { TextEncoding } from '../csv-text/text-decoding';
import { ApplyCounts } from './apply';
import { ImportProblem } from './import-problem';
import { FileMode } from './manifest';
import { RemovalDiff } from './removal-guard';

export interface FileSummary extends Partial<ApplyCounts> {
  mode: FileMode;
  rows: number;
  rejected: number;
  /** Rows carried unchanged without being parsed (see CarriedLines); absent when the file was read whole. */
  carried?: number;
}

/** What an import did, or why it did nothing. */
export interface ImportReport {
  importId: string;
  applied: boolean;
  files: Record<string, FileSummary>;
  errors: ImportProblem[];
  /** All errors, including those past the ones kept in `errors`. */
  errorCount: number;
  warnings: ImportProblem[];
  rejectedCsvPath?: string;
  /** What the import retires from each tenant's view (with the guard's verdict), once it got to the apply. */
  diff?: RemovalDiff;
  /** The guard held the import: nothing was published; `imports approve` publishes it. */
  held?: boolean;
  /** The bundle was byte for byte the one this earlier import of its feed published: nothing was staged or changed. */
  unchangedSince?: string;
  /** A dry run: the import went as far as the diff and changed nothing. */
  dryRun?: boolean;
  /** Wall time of each phase that ran: staging each file, checks, applying each file, the tenant refresh's steps. */
  phaseSeconds?: Record<string, number>;
}

export interface ImportProgressEvent {
  file: string;
  rows: number;
  bytes: number;
  totalBytes: number;
  phase: 'reading' | 'checking' | 'applying' | 'publishing' | 'done';
}

export interface ImportOptions {
  /** The feed (one SIS export) this bundle speaks for; DEFAULT_FEED when absent. */
  feed?: string;
  /** Go as far as the diff of what would change, then change nothing. */
  dryRun?: boolean;
  /** Import the valid rows and write the rejected ones (with reasons) to a CSV. */
  skipInvalid?: boolean;
  rejectedCsvPath?: string;
  /** The bundle's files are in this encoding (UTF-8 when absent; UTF-16 is recognised by its byte-order mark). */
  encoding?: TextEncoding;
  /** A pushed import: the queued run this import is (ImportUsageError when it is no longer queued). */
  importId?: string;
  now?: () => Date;
  onProgress?: (event: ImportProgressEvent) => void;
  /** Most staged ids remembered to skip staging the references to them (StagedTargets); tests set fewer. */
  rememberedTargets?: number;
}
