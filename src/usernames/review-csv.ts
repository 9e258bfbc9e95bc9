import { stringify } from 'csv-stringify/sync';
import { AccountHolder, upn } from './account-holders';
import { cellAt, CsvProblem, CsvRecord, findColumn, isBlank, missingColumnsMessage, readCsv } from './csv-dialect';

/**
 * The username review CSV: a school checks the proposed usernames in Excel before the first sync
 * and sends the file back with corrections. `proposed correction` is a suggestion taken from the
 * school's Entra export; it is never applied unless the school copies it into `corrected username`.
 */
export const REVIEW_COLUMNS = [
  'ID',
  'Office365 username',
  'corrected username',
  'first name',
  'last name',
  'birth date',
  'role',
  'school',
  'proposed correction',
] as const;

/** One person in the exported review file. */
export interface ReviewRow {
  id: string;
  username: string;
  correction: string;
  givenName: string;
  familyName: string;
  /** 'YYYY-MM-DD' or '' */
  birthDate: string;
  role: string;
  school: string;
  proposedCorrection: string;
}

/** A person's line of the review file: their username as served, an earlier correction, their school(s). */
export function reviewRowOf(
  holder: AccountHolder,
  schools: Map<string, string[]>,
  proposedCorrection: string,
): ReviewRow {
  return {
    id: holder.sourcedId,
    username: upn(holder),
    correction: holder.origin === 'override' ? upn(holder) : '',
    givenName: holder.givenName,
    familyName: holder.familyName,
    birthDate: holder.birthDate ?? '',
    role: holder.role,
    school: (schools.get(holder.sourcedId) ?? []).join(' / '),
    proposedCorrection,
  };
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** The review file's order: by school, family name, given name, then ID. */
export function byReviewOrder(a: ReviewRow, b: ReviewRow): number {
  return (
    byName.compare(a.school, b.school) ||
    byName.compare(a.familyName, b.familyName) ||
    byName.compare(a.givenName, b.givenName) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** One non-blank, problem-free line of a returned review file. */
export interface ReviewLine {
  /** 1-based physical line in the file; the header is line 1. */
  line: number;
  id: string;
  /** '' when the school left `corrected username` empty. */
  correction: string;
  /** YYYY-MM-DD, or null when empty. Informational: the importer does not change birth dates. */
  birthDate: string | null;
}

export type ReviewProblem = CsvProblem;

/** A line with a problem is left out of `lines`, and so is every line of an ID that appears twice. */
export type ParsedReview = { lines: ReviewLine[]; problems: ReviewProblem[] };

export interface ParseReviewOptions {
  /** Two-digit years are read as the latest year that is not after this day. Default: now. */
  today?: Date;
}

/**
 * A cell starting with one of these (or their full-width forms), after any apostrophes, would be
 * read as a formula by a spreadsheet: OWASP "CSV Injection" advice is to prefix it with `'`.
 * Counting cells that already start with apostrophes keeps the round trip lossless: `'=x` is
 * written as `''=x`, and the import removes exactly one apostrophe again.
 */
const FORMULA_START = /^'*[=+\-@\t\r＝＋－＠]/;
const FORMULA_GUARD = "'";
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FIRST_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/;
const CSV_OPTIONS = {
  record_delimiter: '\r\n',
  // csv-stringify quotes only a cell holding the whole record delimiter; a lone \n or \r would split the row.
  quoted_match: /[\r\n]/,
};

/**
 * The byte-order mark (so Excel reads UTF-8 and shows accents) and the header line; `extra` columns follow the
 * review columns (the matching preview's), and `usernames import` ignores them.
 */
export function reviewCsvHeader(extra: readonly string[] = []): string {
  return '\uFEFF' + stringify([[...REVIEW_COLUMNS, ...extra]], CSV_OPTIONS);
}

/** Data lines for `rows`, each ending in CRLF, without the byte-order mark, so they can be streamed in batches. */
export function reviewCsvLines(rows: readonly (ReviewRow & { extra?: readonly string[] })[]): string {
  return stringify(
    rows.map((row) => [...reviewCells(row), ...(row.extra ?? []).map(guardFormula)]),
    CSV_OPTIONS,
  );
}

/** Prefixes `'` to a cell a spreadsheet would read as a formula. */
export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? FORMULA_GUARD + cell : cell;
}

/** Removes the apostrophe `guardFormula` added, and nothing else. */
export function unguardFormula(cell: string): string {
  return cell.startsWith(FORMULA_GUARD) && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

/**
 * Reads a review file as returned by a school. Takes UTF-8 with or without a byte-order mark, LF or
 * CRLF, `,` or `;`; columns are found by name in any order, and `ID` and `corrected username` are
 * required. Never throws for bad content: every problem is returned with its line.
 */
export function parseReviewCsv(content: Buffer | string, options: ParseReviewOptions = {}): ParsedReview {
  const today = options.today ?? new Date();
  const { records, problem } = readCsv(content);
  const [header, ...rows] = records;
  const columns = reviewColumns(header?.cells ?? []);
  const problems: ReviewProblem[] = [];
  const hasColumns = columns.missing.length === 0;
  if (!hasColumns) problems.push({ line: 1, message: missingColumnsMessage(columns.missing, header?.cells ?? []) });
  const lines = hasColumns ? readLines(rows, columns, today, problems) : [];
  if (problem) problems.push(problem);
  return { lines, problems };
}

/**
 * Reads `text` as a day-first date (`dd/mm/yy`, `d/m/yyyy`, with `/`, `-` or `.`) or ISO
 * `YYYY-MM-DD`, and returns it as YYYY-MM-DD, or null when it is not a calendar date.
 */
export function parseReviewDate(text: string, today: Date): string | null {
  const iso = ISO_DATE.exec(text);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = DAY_FIRST_DATE.exec(text);
  if (!dayFirst) return null;
  const [, day, , month, year] = dayFirst.map(Number);
  const fullYear = dayFirst[4].length === 2 ? latestPastYear(year, month, day, today) : year;
  return calendarDate(fullYear, month, day);
}

function reviewCells(row: ReviewRow): string[] {
  if (row.birthDate !== '' && !ISO_DATE.test(row.birthDate)) {
    throw new Error(`ReviewRow.birthDate must be YYYY-MM-DD or empty, got '${row.birthDate}' (ID '${row.id}')`);
  }
  const cells = [
    row.id,
    row.username,
    row.correction,
    row.givenName,
    row.familyName,
    row.birthDate,
    row.role,
    row.school,
    row.proposedCorrection,
  ];
  return cells.map(guardFormula);
}

interface ReviewColumns {
  id: number;
  correction: number;
  birthDate: number;
  missing: string[];
}

function reviewColumns(header: readonly string[]): ReviewColumns {
  const id = findColumn(header, ['ID']);
  const correction = findColumn(header, ['corrected username']);
  const missing = [id < 0 && 'ID', correction < 0 && 'corrected username'].filter((name) => name !== false);
  return { id, correction, birthDate: findColumn(header, ['birth date']), missing };
}

function readLines(rows: CsvRecord[], columns: ReviewColumns, today: Date, problems: ReviewProblem[]): ReviewLine[] {
  const lines: ReviewLine[] = [];
  const firstLineOfId = new Map<string, number>();
  const repeatedIds = new Set<string>();
  for (const { line, cells } of rows) {
    if (isBlank(cells)) continue;
    const id = readCell(cells, columns.id);
    const firstLine = firstLineOfId.get(id);
    if (id === '') {
      problems.push({ line, message: 'the ID is empty' });
    } else if (firstLine !== undefined) {
      problems.push({ line, message: `ID '${id}' appears on lines ${firstLine} and ${line}` });
      repeatedIds.add(id);
    } else {
      firstLineOfId.set(id, line);
      const reviewLine = readLine(line, id, cells, columns, today, problems);
      if (reviewLine) lines.push(reviewLine);
    }
  }
  // Which of two lines for one person the school meant cannot be known, so neither is used.
  return lines.filter((reviewLine) => !repeatedIds.has(reviewLine.id));
}

function readLine(
  line: number,
  id: string,
  cells: readonly string[],
  columns: ReviewColumns,
  today: Date,
  problems: ReviewProblem[],
): ReviewLine | null {
  const rawBirthDate = readCell(cells, columns.birthDate);
  const birthDate = rawBirthDate === '' ? null : parseReviewDate(rawBirthDate, today);
  if (rawBirthDate !== '' && birthDate === null) {
    problems.push({
      line,
      message: `birth date '${rawBirthDate}' is not a date: write it as dd/mm/yyyy or yyyy-mm-dd`,
    });
    return null;
  }
  return { line, id, correction: readCell(cells, columns.correction), birthDate };
}

/** A cell as the school meant it: the formula guard removed first, so that `'` + tab + text keeps its meaning. */
function readCell(cells: readonly string[], index: number): string {
  return unguardFormula(cellAt(cells, index)).trim();
}

/** The year ending in `twoDigits` that puts the date on or before `today` (`98` → 1998, `12` → 2012). */
function latestPastYear(twoDigits: number, month: number, day: number, today: Date): number {
  const sameCentury = Math.floor(today.getUTCFullYear() / 100) * 100 + twoDigits;
  const isInFuture = isoDate(sameCentury, month, day) > today.toISOString().slice(0, 10);
  return isInFuture ? sameCentury - 100 : sameCentury;
}

function calendarDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return isoDate(year, month, day);
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
