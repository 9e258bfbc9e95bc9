import { ApplyCounts } from './apply';
import { ImportProblem } from './import-problem';
import { FileMode } from './manifest';

export interface FileSummary extends Partial<ApplyCounts> {
  mode: FileMode;
  rows: number;
  rejected: number;
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
  /** Import the valid rows and write the rejected ones (with reasons) to a CSV. */
  skipInvalid?: boolean;
  rejectedCsvPath?: string;
  now?: () => Date;
  onProgress?: (event: ImportProgressEvent) => void;
}
