import { parse } from 'csv-parse';
import { pipeline, Readable } from 'node:stream';
import { LineCounter } from '../csv-text/line-counter';
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
}

/** Bulk files conventionally leave these blank (OneRoster 1.1 CSV binding, manifest; docs/csv-import.md); filled values are accepted. */
const FILLED_IN_BULK: Record<string, string> = {
  status: 'filled in a bulk file (the bulk convention is blank); the value is applied',
  dateLastModified:
    'filled in a bulk file (the bulk convention is blank); not kept: dateLastModified is when this service changes a record',
};

/**
 * Streams one CSV file: checks the header, reads and validates every row, and stages the valid
 * ones (rows with errors are staged as rejected markers). After a header error the rows are only
 * counted. Memory is one batch, whatever the size.
 */
export async function readFile(context: FileReadContext): Promise<FileReadResult> {
  const { spec, staging, errors } = context;
  const file = `${spec.file}.csv`;
  const notes = new DeviationNotes();
  const textForm = new TextFormTap();
  const lines = new LineCounter();
  // A pipeline, not pipe(): a failure to read the bundle reaches the loop below instead of going unhandled.
  const parser = pipeline(
    context.stream,
    textForm,
    lines.tap(),
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: false }),
    () => undefined,
  );
  let columns: Map<string, number> | undefined;
  let headerLength = 0;
  let headerBroken = false;
  let recordStart = 0;
  const result = { rows: 0, rejected: 0, hasHeader: false };
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { bytes: number };
    }>) {
      const line = lines.contentLineFrom(recordStart);
      recordStart = info.bytes;
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
      context.onRow?.(info.bytes);
      if (headerBroken) {
        result.rejected++;
        continue;
      }
      const row = new RowReader(record, columns, file, line, notes);
      if (record.length !== headerLength) row.error('', `has ${record.length} cells, the header has ${headerLength}`);
      const sourcedId = row.required('sourcedId');
      const status = readStatus(row);
      if (context.mode === 'bulk') {
        for (const [column, reason] of Object.entries(FILLED_IN_BULK)) if (row.text(column)) row.note(column, reason);
      }
      row.checkDateTime('dateLastModified');
      const payload = { status, ...spec.read(row), metadata: row.metadata() };
      row.errors.forEach((e) => errors.add({ ...e, sourcedId }));
      if (row.errors.length > 0) result.rejected++;
      if (!sourcedId) continue;
      const entityType = row.errors.length > 0 ? rejectedType(spec.entityType) : spec.entityType;
      await staging.add({
        line,
        sourcedId,
        entityType,
        payload,
        references: row.errors.length ? [] : row.references,
      });
    }
  } catch (error) {
    if (error instanceof BundleSourceError) throw error;
    const line = lines.contentLineFrom(recordStart);
    errors.add({ file, line, reason: `not readable as CSV: ${(error as Error).message}` }, 'file');
  }
  await staging.flush();
  if (!columns) errors.add({ file, line: 1, reason: 'the file is empty (no header row)' }, 'file');
  const textWarning = textForm.warning(file);
  if (textWarning) context.warnings.push(textWarning);
  context.warnings.push(...notes.list());
  return result;
}
