import { RosterFile } from './manifest';
import { RowReader } from './row-reader';

/** How one CSV file of a bundle maps to a record (OneRoster 1.1 CSV binding; docs/csv-import.md). */
export interface FileSpec {
  readonly file: RosterFile;
  /** Entity type name used in staging and references, e.g. `org`. */
  readonly entityType: string;
  /** The 1.1 header, in spec order; every one must be present. */
  readonly columns: readonly string[];
  /** Names other versions use for a 1.1 column, for a helpful error. */
  readonly renamed: Readonly<Record<string, string>>;
  /** Reads a row's own fields and relation lists (not sourcedId, status or dateLastModified). */
  read(row: RowReader): Record<string, unknown>;
}

export const COMMON_COLUMNS = ['sourcedId', 'status', 'dateLastModified'] as const;
