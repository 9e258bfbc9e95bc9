import { pipeline, Readable } from 'node:stream';
import { LineCounter } from '../csv-text/line-counter';
import { CarryRule, LineCarrier, NotCarriableError } from '../csv-text/line-carrier';
import { NotTextError, TextDecoding, TextEncoding } from '../csv-text/text-decoding';
import { ParsedRecord, RecordParser } from '../csv-text/record-parser';
import { BundleSourceError } from './bundle-source';
import { FileSpec } from './file-spec';
import { checkHeader } from './header';
import { ImportProblem, ProblemList } from './import-problem';
import { FileMode } from './manifest';
import { readStatus } from './record-status';
import { DeviationNotes, RowReader } from './row-reader';
import { rejectedType, StagingWriter } from './staging';
import { TextFormTap } from './text-form';

export interface FileReadResult {
  rows: number;
  rejected: number;
  /** False when the file has no header row at all. */
  hasHeader: boolean;
}

export interface FileReadContext {
  spec: FileSpec;
  mode: FileMode;
  stream: Readable;
  staging: StagingWriter;
  errors: ProblemList;
  warnings: ImportProblem[];
  /** Called per row with the bytes read so far, for progress. */
  onRow?: (bytes: number) => void;
  /** The file's declared encoding (UTF-8 when absent). */
  encoding?: TextEncoding;
  /** A longer line stops the file at once (IMPORT_MAX_LINE_KB). */
  maxLineBytes: number;
  /** Which lines are carried unchanged, not parsed (CarriedLines), or none (readWhole); every line is hashed. */
  carry: CarryRule & { parsed?: (sourcedId: string) => void };
}

/** Bulk files conventionally leave these blank (OneRoster 1.1 CSV binding, manifest; docs/csv-import.md); filled values are accepted. */
const FILLED_IN_BULK = Object.entries({
  status: 'filled in a bulk file (the bulk convention is blank); the value is applied',
  dateLastModified:
    'filled in a bulk file (the bulk convention is blank); not kept: dateLastModified is when this service changes a record',
});

/**
 * Streams one CSV file: checks the header, reads and validates every row, and stages the valid
 * ones (rows with errors are staged as rejected markers). After a header error the rows are only
 * counted. Memory is one batch, whatever the size.
 */
export async function readFile(context: FileReadContext): Promise<FileReadResult> {
  const { spec, staging, errors } = context;
  const file = `${spec.file}.csv`;
  const notes = new DeviationNotes();
  const decoding = new TextDecoding(context.encoding);
  const textForm = new TextFormTap();
  const lines = new LineCounter();
  const carrier = new LineCarrier(context.carry, context.maxLineBytes);
  const parser = new RecordParser({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    relax_quotes: false,
    max_record_size: context.maxLineBytes,
  });
  // pipeline, not pipe: a stage that fails (bytes that are not UTF-8) ends the parser with its error.
  // A carrying read takes each record's line from the carrier (what it drops never reaches the parser's offsets).
  if (context.carry.strict) pipeline(context.stream, decoding, textForm, carrier, parser, () => undefined);
  else pipeline(context.stream, decoding, textForm, lines.tap(), carrier, parser, () => undefined);
  let hashing = true;
  let columns: Map<string, number> | undefined;
  let headerLength = 0;
  let headerBroken = false;
  let recordStart = 0;
  const result = { rows: 0, rejected: 0, hasHeader: false };
  let unreadableFile = false;
  try {
    for await (const { record, bytes } of parser as AsyncIterable<ParsedRecord>) {
      // The carrier's entry is this record's only if the parser ended it where the carrier did.
      const passed = carrier.passed.shift();
      const aligned = passed !== undefined && passed.end === bytes;
      if (context.carry.strict && !aligned) throw new NotCarriableError('the parser split the file otherwise');
      hashing &&= aligned;
      const line = context.carry.strict ? passed!.line : lines.contentLineFrom(recordStart);
      recordStart = bytes;
      if (!columns) {
        const header = checkHeader(spec, record);
        context.warnings.push(...header.warnings);
        header.errors.forEach((e) => errors.add(e, 'file'));
        headerBroken = header.errors.length > 0;
        columns = header.columns;
        result.hasHeader = true;
        headerLength = record.length;
        continue;
      }
      result.rows++;
      context.onRow?.(bytes);
      if (headerBroken) {
        result.rejected++;
        continue;
      }
      const row = new RowReader(record, columns, file, line, notes);
      if (record.length !== headerLength) row.error('', `has ${record.length} cells, the header has ${headerLength}`);
      row.checkCells();
      const sourcedId = row.sourcedId();
      const status = readStatus(row);
      if (context.mode === 'bulk') {
        for (const [column, reason] of FILLED_IN_BULK) if (row.text(column)) row.note(column, reason);
      }
      row.checkDateTime('dateLastModified');
      const payload = { status, ...spec.read(row), metadata: row.metadata() };
      row.errors.forEach((e) => errors.add({ ...e, sourcedId }));
      if (row.errors.length > 0) result.rejected++;
      if (!sourcedId) continue;
      context.carry.parsed?.(sourcedId);
      const entityType = row.errors.length > 0 ? rejectedType(spec.entityType) : spec.entityType;
      await staging.add({
        line,
        sourcedId,
        entityType,
        lineHash: hashing ? passed!.lineHash : null,
        payload,
        references: row.errors.length ? [] : row.references,
      });
    }
  } catch (error) {
    if (error instanceof BundleSourceError || error instanceof NotCarriableError) {
      await staging.abandon();
      throw error;
    }
    unreadableFile = true;
    errors.unreadable = true;
    const line = context.carry.strict
      ? carrier.lineOfRecordAt((error as { bytes?: number }).bytes)
      : lines.contentLineFrom(recordStart);
    errors.add(unreadable(file, error as Error, line, context.maxLineBytes), 'file');
  }
  await staging.done();
  if (!columns && !unreadableFile) errors.add({ file, line: 1, reason: 'the file is empty (no header row)' }, 'file');
  if (decoding.encoding !== 'utf-8') context.warnings.push({ file, line: 0, reason: `read as ${decoding.encoding}` });
  const textWarning = textForm.warning(file);
  if (textWarning) context.warnings.push(textWarning);
  context.warnings.push(...notes.list());
  return result;
}

/** Why a file could not be read on: its encoding, a line past the limit, or broken CSV. */
function unreadable(file: string, error: Error, line: number, maxLineBytes: number): ImportProblem {
  if (error instanceof NotTextError) return { file, line: error.line, reason: error.message };
  if ((error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE')
    return { file, line, reason: `a line longer than ${maxLineBytes / 1024} KB (IMPORT_MAX_LINE_KB): not read on` };
  return { file, line, reason: `not readable as CSV: ${error.message}` };
}
