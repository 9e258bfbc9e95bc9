import { isCalendarDate, toStoredInstant } from '../oneroster/query/filter-values';
import { ImportProblem } from './import-problem';

/** A reference from a row to another record, checked against the bundle and the database later. */
export interface RowReference {
  column: string;
  targetType: string;
  targetSourcedId: string;
}

/** Notes a deviation once per file and column, with where it was first seen and how often. */
export class DeviationNotes {
  private readonly notes = new Map<string, ImportProblem & { count: number }>();

  note(file: string, line: number, column: string, reason: string): void {
    const key = `${column}\u0000${reason}`;
    const existing = this.notes.get(key);
    if (existing) existing.count++;
    else this.notes.set(key, { file, line, column, reason, count: 1 });
  }

  list(): ImportProblem[] {
    return [...this.notes.values()].map(({ count, ...problem }) => ({
      ...problem,
      reason: count > 1 ? `${problem.reason} (${count} rows, first here)` : problem.reason,
    }));
  }
}

/**
 * The longest single value any column stores (the schema's string columns), in characters, and of a sourcedId in
 * UTF-8 bytes (SQL Server keeps sourcedIds in UTF-8: see migration ExactKeys). The same on every database.
 */
export const MAX_VALUE_LENGTH = 255;
/** C0 controls but tab and the line breaks a quoted cell may hold (Excel writes them), and DEL. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Typed access to one CSV row's cells; every problem is recorded with its column, none thrown. */
export class RowReader {
  readonly errors: ImportProblem[] = [];
  readonly references: RowReference[] = [];
  /** Columns already reported too long, so a column read twice is reported once. */
  private readonly tooLong = new Set<string>();

  constructor(
    private readonly cells: string[],
    private readonly columns: ReadonlyMap<string, number>,
    readonly file: string,
    readonly line: number,
    private readonly notes: DeviationNotes,
  ) {}

  private raw(column: string): string {
    const index = this.columns.get(column);
    return index === undefined ? '' : (this.cells[index] ?? '').trim();
  }

  error(column: string, reason: string): void {
    this.errors.push({ file: this.file, line: this.line, column, reason });
  }

  note(column: string, reason: string): void {
    this.notes.note(this.file, this.line, column, reason);
  }

  /** No cell of any column may hold a control character: no database stores a NUL alike, none belongs in roster data. */
  checkCells(): void {
    // One scan of the whole row first (a line break is no control character here): a column at a time only on a find.
    if (!CONTROL_CHARACTER.test(this.cells.join('\n'))) return;
    for (const [column, index] of this.columns) {
      const found = CONTROL_CHARACTER.exec(this.cells[index] ?? '');
      if (found)
        this.error(
          column,
          `holds a control character (U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`,
        );
    }
  }

  text(column: string): string | null {
    return this.bounded(column, this.raw(column)) || null;
  }

  /** A sourcedId, of this row or one it refers to: at most 255 bytes in UTF-8. */
  private identifier(column: string, value: string): string {
    if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_LENGTH && !this.tooLong.has(column)) {
      this.tooLong.add(column);
      this.error(column, `longer than ${MAX_VALUE_LENGTH} bytes (UTF-8): '${value.slice(0, 40)}…'`);
    }
    return value;
  }

  private bounded(column: string, value: string): string {
    if (value.length > MAX_VALUE_LENGTH && !this.tooLong.has(column)) {
      this.tooLong.add(column);
      this.error(column, `longer than ${MAX_VALUE_LENGTH} characters`);
    }
    return value;
  }

  /** The row's own sourcedId. */
  sourcedId(): string {
    return this.identifier('sourcedId', this.required('sourcedId'));
  }

  required(column: string): string {
    const value = this.bounded(column, this.raw(column));
    if (!value) this.error(column, 'a value is required');
    return value;
  }

  /** An enum value, matched regardless of case (upper-case exports are common) and given in the spec's spelling. */
  enumValue<T extends string>(column: string, allowed: readonly T[], required = true): T | null {
    const value = this.raw(column);
    if (!value) {
      if (required) this.error(column, `a value is required (${allowed.join(', ')})`);
      return null;
    }
    const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (!match) this.error(column, `'${value}' is not one of ${allowed.join(', ')}`);
    else if (match !== value) this.note(column, `'${value}' read as '${match}' (OneRoster values are case-sensitive)`);
    return match ?? null;
  }

  boolean(column: string, required = false): boolean | null {
    const value = this.enumValue(column, ['true', 'false'] as const, required);
    return value === null ? null : value === 'true';
  }

  date(column: string, required = false): string | null {
    const value = this.raw(column);
    if (!value) {
      if (required) this.error(column, 'a date YYYY-MM-DD is required');
      return null;
    }
    if (!isCalendarDate(value)) this.error(column, `'${value}' is not a date YYYY-MM-DD`);
    return value;
  }

  /** dateLastModified is checked but not kept: the served value is when this service changed the record. */
  checkDateTime(column: string): void {
    const value = this.raw(column);
    if (!value) return;
    if (!toStoredInstant(value))
      this.error(column, `'${value}' is not an ISO 8601 date-time such as 2026-11-20T06:00:00.000Z`);
    else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) {
      this.note(column, `'${value}' is not in the YYYY-MM-DDTHH:MM:SS.sssZ form; read as UTC`);
    }
  }

  /** A list cell: values separated by commas, spaces around them dropped. */
  list(column: string): string[] | null {
    const value = this.raw(column);
    if (!value) return null;
    return value
      .split(',')
      .map((item) => this.bounded(column, item.trim()))
      .filter(Boolean);
  }

  ref(column: string, targetType: string, required = true): string | null {
    const value = required ? this.required(column) : this.text(column);
    if (value) this.references.push({ column, targetType, targetSourcedId: this.identifier(column, value) });
    return value || null;
  }

  refs(column: string, targetType: string, required = false): string[] {
    const values = this.list(column) ?? [];
    if (required && values.length === 0) this.error(column, 'at least one sourcedId is required');
    const unique = [...new Set(values)];
    if (unique.length < values.length) this.error(column, 'lists the same sourcedId twice');
    for (const value of unique)
      this.references.push({ column, targetType, targetSourcedId: this.identifier(column, value) });
    return unique;
  }

  /** `metadata.*` extension columns, kept as the record's metadata. */
  metadata(): Record<string, string> | null {
    const entries = metadataColumns(this.columns)
      .map((name) => [name.slice('metadata.'.length), this.raw(name)] as const)
      .filter(([, value]) => value !== '');
    return entries.length ? Object.fromEntries(entries) : null;
  }
}

/** A file's `metadata.*` columns, found once per header rather than once per row. */
const METADATA_COLUMNS = new WeakMap<ReadonlyMap<string, number>, string[]>();

function metadataColumns(columns: ReadonlyMap<string, number>): string[] {
  let names = METADATA_COLUMNS.get(columns);
  if (!names)
    METADATA_COLUMNS.set(columns, (names = [...columns.keys()].filter((name) => name.startsWith('metadata.'))));
  return names;
}
