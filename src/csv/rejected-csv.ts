import { stringify } from 'csv-stringify';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { ImportProblem } from './import-problem';

/** Writes rejected rows and their reasons: file, line, sourcedId, column, reason. */
export async function writeRejectedCsv(path: string, problems: ImportProblem[]): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ header: true, columns: ['file', 'line', 'sourcedId', 'column', 'reason'] });
  csv.pipe(out);
  for (const p of problems) csv.write([p.file, p.line, p.sourcedId ?? '', p.column ?? '', p.reason]);
  csv.end();
  await finished(out);
}
