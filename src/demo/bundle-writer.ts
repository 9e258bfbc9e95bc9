import { stringify, Stringifier } from 'csv-stringify';
import { createWriteStream, WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** One CSV file of a bundle being written, honouring back-pressure so memory stays flat. */
export class CsvFileWriter {
  private readonly csv: Stringifier;
  private readonly out: WriteStream;
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.out = createWriteStream(path);
    this.csv = stringify({ header: true, columns: [...header], record_delimiter: 'unix' });
    this.csv.pipe(this.out);
  }

  async write(row: Record<string, string | number | boolean | null | undefined>): Promise<void> {
    this.rows++;
    if (!this.csv.write(row)) await once(this.csv, 'drain');
  }

  async close(): Promise<void> {
    this.csv.end();
    await finished(this.out);
  }
}

/** Writes manifest.csv declaring the given files bulk and every other OneRoster file absent. */
export async function writeManifest(dir: string, bulkFiles: readonly string[], systemName: string): Promise<void> {
  const all = [
    'academicSessions',
    'categories',
    'classes',
    'classResources',
    'courses',
    'courseResources',
    'demographics',
    'enrollments',
    'lineItems',
    'orgs',
    'resources',
    'results',
    'users',
  ];
  const writer = new CsvFileWriter(join(dir, 'manifest.csv'), ['propertyName', 'value']);
  await writer.write({ propertyName: 'manifest.version', value: '1.0' });
  await writer.write({ propertyName: 'oneroster.version', value: '1.1' });
  for (const file of all)
    await writer.write({ propertyName: `file.${file}`, value: bulkFiles.includes(file) ? 'bulk' : 'absent' });
  await writer.write({ propertyName: 'source.systemName', value: systemName });
  await writer.write({ propertyName: 'source.systemCode', value: 'demo-generator' });
  await writer.close();
}
