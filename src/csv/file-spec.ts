import { RosteringRecord } from '../oneroster/rostering-record';
import { RosterFile } from './manifest';
import { RowReader } from './row-reader';

/**
 * What a reader gives for one row of a file: every stored column of its entity (less the common ones, which the
 * importer reads itself, and `Derived` columns the import computes later), null where the row had a problem,
 * and each relation list named in `Links`. The compiler holds the readers to their entities this way.
 */
export type RowFields<E extends RosteringRecord, Links extends string = never, Derived extends keyof E = never> = {
  [K in Exclude<keyof E, keyof RosteringRecord | Derived>]: E[K] | null;
} & { [K in Links]: string[] };

/** How one CSV file of a bundle maps to a record (OneRoster 1.1 CSV binding; docs/csv-import.md). */
export interface FileSpec<Fields extends object = object> {
  readonly file: RosterFile;
  /** Entity type name used in staging and references, e.g. `org`. */
  readonly entityType: string;
  /** The 1.1 header, in spec order; every one must be present. */
  readonly columns: readonly string[];
  /** Names other versions use for a 1.1 column, for a helpful error. */
  readonly renamed: Readonly<Record<string, string>>;
  /** Reads a row's own fields and relation lists (not sourcedId, status or dateLastModified). */
  read(row: RowReader): Fields;
}

/** The spec of a file whose rows become `E` records, typed against that entity. */
export type RecordFileSpec<
  E extends RosteringRecord,
  Links extends string = never,
  Derived extends keyof E = never,
> = FileSpec<RowFields<E, Links, Derived>>;

export const COMMON_COLUMNS = ['sourcedId', 'status', 'dateLastModified'] as const;
