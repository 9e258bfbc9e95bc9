import { join } from 'node:path';
import { FILE_SPECS } from '../csv/readers';
import { RosterFile, ROSTER_FILES } from '../csv/manifest';
import { CsvFileWriter } from './bundle-writer';

export type BoardWriters = Record<RosterFile, CsvFileWriter>;

/** One writer per OneRoster file, each with the exact 1.1 header the importer expects. */
export function openBoardWriters(dir: string): BoardWriters {
  return Object.fromEntries(
    ROSTER_FILES.map((file) => [file, new CsvFileWriter(join(dir, `${file}.csv`), FILE_SPECS[file].columns)]),
  ) as BoardWriters;
}

export async function closeBoardWriters(writers: BoardWriters): Promise<Record<RosterFile, number>> {
  for (const writer of Object.values(writers)) await writer.close();
  return Object.fromEntries(ROSTER_FILES.map((file) => [file, writers[file].rows])) as Record<RosterFile, number>;
}
