import { CsvError, parse } from 'csv-parse/sync';
import { LineCounter } from '../csv-text/line-counter';
import { decodeFile, NotTextError, NotUtf8Error } from '../csv-text/text-decoding';

/** A problem with one line of a file a school sends us; line 1 is the header. */
export interface CsvProblem {
  line: number;
  message: string;
}

/** One CSV record and the physical line it starts on (1-based; a quoted cell may span several lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The records read from a file, and why reading stopped early, if it did. */
export interface CsvTable {
  records: CsvRecord[];
  problem: CsvProblem | null;
}

export type Separator = ',' | ';';

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Takes bytes (UTF-8, or UTF-16 with its byte-order mark) or text and drops a leading byte-order mark. Bytes that are
 * not UTF-8 throw NotUtf8Error: never a silent replacement character in a name.
 */
export function decodeText(content: Buffer | string): string {
  const text = typeof content === 'string' ? content : decodeFile(content);
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/**
 * The separator of a file, from its first line: `;` when that line has more semicolons than
 * commas outside quotes (Excel writes `;` where the decimal mark is a comma, as in Belgium), else `,`.
 */
export function detectSeparator(text: string): Separator {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '\n' || char === '\r') break;
    else if (char === ',') commas++;
    else if (char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Reads every record of a CSV file in UTF-8 (with or without a byte-order mark, LF or CRLF,
 * `,` or `;`). Rows may be shorter or longer than the header. Never throws for bad content:
 * a file the parser cannot finish gives the records before the bad one and a problem.
 */
export function readCsv(content: Buffer | string): CsvTable {
  let text: string;
  try {
    text = decodeText(content);
  } catch (error) {
    if (!(error instanceof NotTextError)) throw error;
    const advice = error instanceof NotUtf8Error ? '; save it as UTF-8 (in Excel: CSV UTF-8)' : '';
    return { records: [], problem: { line: error.line, message: `${error.message.split(';')[0]}${advice}` } };
  }
  const bytes = Buffer.from(text, 'utf8');
  const lines = new LineCounter();
  lines.feed(bytes);
  const records: CsvRecord[] = [];
  let recordStart = 0;
  try {
    parse(bytes, {
      delimiter: detectSeparator(text),
      relax_column_count: true,
      relax_quotes: true,
      on_record: (cells: string[], { bytes: recordEnd }) => {
        records.push({ line: lines.lineAt(recordStart), cells });
        recordStart = recordEnd;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { records, problem: { line: lines.lineAt(recordStart), message: unreadableMessage(error) } };
  }
  return { records, problem: null };
}

/** Turns a header cell into the key columns are matched by: no spaces, lower case (`First name` → `firstname`). */
export function headerKey(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

/** The index of the first header cell matching one of `names` (by `headerKey`), or -1. */
export function findColumn(header: readonly string[], names: readonly string[]): number {
  const keys = names.map(headerKey);
  return header.findIndex((cell) => keys.includes(headerKey(cell)));
}

/** The cell at `index`, or '' when the column is absent (-1) or the row is shorter than the header. */
export function cellAt(cells: readonly string[], index: number): string {
  return index < 0 ? '' : (cells[index] ?? '');
}

/** A line whose cells are all empty or spaces, as spreadsheets write for an empty row (`;;;;`). */
export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Says which required columns a header lacks and which it has, for a problem on line 1. */
export function missingColumnsMessage(missing: readonly string[], header: readonly string[]): string {
  const found = header.map((cell) => cell.trim()).filter((cell) => cell !== '');
  const foundText = found.length > 0 ? `the header has ${quoteList(found)}` : 'the header line is empty';
  return `missing column${missing.length > 1 ? 's' : ''} ${quoteList(missing)}: ${foundText}`;
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}

function unreadableMessage(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return 'a quote (") opened in this row is never closed, so the rest of the file cannot be read';
  }
  return `the rest of the file cannot be read from this row on: ${error.message}`;
}
