import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { FileSpec } from './file-spec';
import { checkHeader } from './header';
import { ImportProblem, ProblemList } from './import-problem';
import { readStatus } from './record-status';
import { DeviationNotes, RowReader } from './row-reader';
import { rejectedType, StagingWriter } from './staging';

export interface FileReadResult {
  rows: number;
  rejected: number;
  /** False when the header was unusable, so no row was read. */
  headerOk: boolean;
}

export interface FileReadContext {
  spec: FileSpec;
  stream: Readable;
  staging: StagingWriter;
  errors: ProblemList;
  warnings: ImportProblem[];
  /** Called per row with the bytes read so far, for progress. */
  onRow?: (bytes: number) => void;
}

/**
 * Streams one CSV file: checks the header, reads and validates every row, and stages the valid
 * ones (rows with errors are staged as rejected markers). Memory is one batch, whatever the size.
 */
export async function readFile(context: FileReadContext): Promise<FileReadResult> {
  const { spec, staging, errors } = context;
  const file = `${spec.file}.csv`;
  const notes = new DeviationNotes();
  const parser = context.stream.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: false }),
  );
  let columns: Map<string, number> | undefined;
  let headerLength = 0;
  const result = { rows: 0, rejected: 0, headerOk: false };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
      if (!columns) {
        const header = checkHeader(spec, record);
        context.warnings.push(...header.warnings);
        header.errors.forEach((e) => errors.add(e));
        if (header.errors.length > 0) return result;
        columns = header.columns;
        result.headerOk = true;
        headerLength = record.length;
        continue;
      }
      result.rows++;
      context.onRow?.(info.bytes);
      const row = new RowReader(record, columns, file, info.lines, notes);
      if (record.length !== headerLength) row.error('', `has ${record.length} cells, the header has ${headerLength}`);
      const sourcedId = row.required('sourcedId');
      const status = readStatus(row);
      row.checkDateTime('dateLastModified');
      const payload = { status, ...spec.read(row), metadata: row.metadata() };
      row.errors.forEach((e) => errors.add({ ...e, sourcedId }));
      if (row.errors.length > 0) result.rejected++;
      if (!sourcedId) continue;
      const entityType = row.errors.length > 0 ? rejectedType(spec.entityType) : spec.entityType;
      await staging.add({ line: info.lines, sourcedId, entityType, payload, references: row.errors.length ? [] : row.references });
    }
  } catch (error) {
    const { lines } = error as { lines?: number };
    errors.add({ file, line: lines ?? 0, reason: `not readable as CSV: ${(error as Error).message}` });
  }
  await staging.flush();
  if (!columns) errors.add({ file, line: 1, reason: 'the file is empty (no header row)' });
  context.warnings.push(...notes.list());
  return result;
}
