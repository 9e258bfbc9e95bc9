import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The share of each file's rows a nightly re-import changes. */
export const CHANGED_SHARE = 0.01;

/** The column each file's changed rows get a new value in, and that value: what a SIS edits overnight. */
const CHANGES: Record<string, { column: string; value: (old: string) => string }> = {
  orgs: { column: 'name', value: (old) => `${old} (renamed)` },
  academicSessions: { column: 'title', value: (old) => `${old} (renamed)` },
  courses: { column: 'title', value: (old) => `${old} (renamed)` },
  classes: { column: 'title', value: (old) => `${old} (renamed)` },
  users: { column: 'familyName', value: (old) => `${old}-Changed` },
  enrollments: { column: 'beginDate', value: (old) => (old === '2026-09-02' ? '2026-09-03' : '2026-09-02') },
  demographics: { column: 'cityOfBirth', value: (old) => `${old}x` },
};

/**
 * Copies a bulk board with one data row in every `1 / share` of each file changed (the same
 * rows on each call), streaming: the bundle a nightly export sends after a day's edits.
 */
export async function writeChangedBoard(boardDir: string, outDir: string, share: number): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  copyFileSync(join(boardDir, 'manifest.csv'), join(outDir, 'manifest.csv'));
  const every = Math.round(1 / share);
  for (const [file, change] of Object.entries(CHANGES)) {
    let index = -1;
    let column = -1;
    const edit = new Transform({
      objectMode: true,
      transform(row: string[], _encoding, done) {
        if (index++ === -1) column = row.indexOf(change.column);
        else if (index % every === every - 1 && column >= 0) row[column] = change.value(row[column]);
        done(null, row);
      },
    });
    await pipeline(
      createReadStream(join(boardDir, `${file}.csv`)),
      parse(),
      edit,
      stringify(),
      createWriteStream(join(outDir, `${file}.csv`)),
    );
  }
  return outDir;
}
