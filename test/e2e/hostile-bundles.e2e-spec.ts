import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { formatProblem } from '../../src/csv/import-problem';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { ImportReferenceEntity } from '../../src/csv/import-reference.entity';
import { UserEntity } from '../../src/users/user.entity';
import { copyBundle, dumpRostering, editCsv, FIXTURES } from '../support/bundles';
import { startTestApp, TestApp } from '../support/test-app';

const MB = 1024 * 1024;
/** Where the base users.csv has Evelien Poppe (usr-t-1), the name the tests change. */
const TEACHER_LINE = 2;

/** The base bundle with `users.csv` replaced by `bytes`. */
function withUsers(bytes: Buffer): string {
  const dir = copyBundle('base');
  writeFileSync(join(dir, 'users.csv'), bytes);
  return dir;
}

/** The base users.csv with Evelien Poppe renamed, as UTF-8 text. */
const renamedUsers = (name: string) =>
  readFileSync(join(FIXTURES, 'base', 'users.csv'), 'utf8').replace('Evelien,Poppe', name);

/** A zip of the base bundle plus `extra` entries, each `size` bytes of one repeated byte (compressed to almost nothing). */
async function zipWith(extra: { name: string; size: number }[], dir = copyBundle('base')): Promise<string> {
  const zip = new ZipFile();
  for (const name of [
    'manifest.csv',
    'orgs.csv',
    'academicSessions.csv',
    'courses.csv',
    'classes.csv',
    'enrollments.csv',
  ])
    zip.addFile(join(dir, name), name);
  for (const { name, size } of extra) zip.addBuffer(Buffer.alloc(size, 0x61), name);
  zip.end();
  const path = join(dir, '..', `hostile-${Date.now()}.zip`);
  await finished(zip.outputStream.pipe(createWriteStream(path)));
  return path;
}

describe('hostile and messy bundles are refused with their reason, and change nothing', () => {
  let t: TestApp;
  let importer: BundleImporter;
  const reasons = async (source: string, options = {}) =>
    (await importer.importBundle(source, options)).errors.map(formatProblem);
  const databaseBytes = () => (t.db.dialect === 'sqlite' ? statSync(t.db.url.slice('sqlite:'.length)).size : 0);

  beforeAll(async () => {
    t = await startTestApp();
    importer = t.app.get(BundleImporter);
    expect((await importer.importBundle(join(FIXTURES, 'base'))).applied).toBe(true);
  });
  afterAll(() => t?.close());

  it('a Windows-1252 users.csv stops at its first such byte, and imports when declared', async () => {
    const before = await dumpRostering(t.dataSource);
    const latin = Buffer.from(renamedUsers('Evelien,François'), 'latin1');
    const line = TEACHER_LINE;
    expect(await reasons(withUsers(latin))).toEqual([
      `users.csv:${line}: not UTF-8 (byte 0xE7); if the file is in another encoding, declare it: import --encoding windows-1252 (or iso-8859-1)`,
    ]);
    expect(await dumpRostering(t.dataSource)).toEqual(before);
    const declared = await importer.importBundle(withUsers(latin), { encoding: 'windows-1252' });
    expect(declared.applied).toBe(true);
    const teacher = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ sourcedId: 'usr-t-1' });
    expect(teacher.familyName).toBe('François');
  });

  it('a UTF-16 users.csv with a byte-order mark is read as such', async () => {
    const text = renamedUsers('Evelien,Hélène');
    const report = await importer.importBundle(
      withUsers(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    );
    expect(report.applied).toBe(true);
    expect(report.warnings.map(formatProblem)).toContain('users.csv:0: read as utf-16le');
    const teacher = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ sourcedId: 'usr-t-1' });
    expect(teacher.familyName).toBe('Hélène');
  });

  it('a NUL, a control character, an over-long value or id: the row is refused the same way on every database', async () => {
    const before = await dumpRostering(t.dataSource);
    const line = TEACHER_LINE;
    const cases: [string, string][] = [
      ['Evelien,Po\u0000ppe', `users.csv:${line} familyName: holds a control character (U+0000)`],
      ['Evelien,Po\u001bppe', `users.csv:${line} familyName: holds a control character (U+001B)`],
      [`Evelien,${'P'.repeat(300)}`, `users.csv:${line} familyName: longer than 255 characters`],
    ];
    for (const [name, reason] of cases)
      expect(await reasons(withUsers(Buffer.from(renamedUsers(name))))).toEqual([reason]);
    const longId = `usr-${'é'.repeat(130)}`; // 134 characters, 264 bytes in UTF-8
    const users = renamedUsers('Evelien,Poppe').replace(/^usr-t-1,/m, `${longId},`);
    const refused = await reasons(withUsers(Buffer.from(users)));
    expect(refused.some((r) => r.startsWith(`users.csv:${line} sourcedId: longer than 255 bytes (UTF-8)`))).toBe(true);
    expect(await dumpRostering(t.dataSource)).toEqual(before);
  });

  it('a line past IMPORT_MAX_LINE_KB stops the file at once: a 1 GB line written as it is read, and 10,000 columns', async () => {
    const dir = copyBundle('base');
    const fifo = join(dir, 'users.csv');
    rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    let written = 0;
    const chunk = Buffer.alloc(MB, 0x61);
    const feed = (async () => {
      writer.write(`${renamedUsers('x').split('\n')[0]}\n`);
      while (written < 1024 * MB && !writer.destroyed) {
        if (!writer.write(chunk))
          await new Promise<void>((resolve) => writer.once('drain', () => resolve()).once('error', () => resolve()));
        written += MB;
      }
    })();
    writer.on('error', () => undefined); // the reader stopped: EPIPE
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    expect(await reasons(dir)).toEqual(['users.csv:2: a line longer than 64 KB (IMPORT_MAX_LINE_KB): not read on']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(written).toBeLessThan(64 * MB);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MB);
    writer.destroy();
    await feed;

    const wide = `${renamedUsers('x').split('\n')[0]},${Array.from({ length: 10_000 }, (_, i) => `extra${i}`).join(',')}\n`;
    expect(await reasons(withUsers(Buffer.from(wide)))).toEqual([
      'users.csv:1: a line longer than 64 KB (IMPORT_MAX_LINE_KB): not read on',
    ]);
  });

  it('a zip bomb and a zip of too many files are refused from their headers', async () => {
    const before = await dumpRostering(t.dataSource);
    const sizeBefore = databaseBytes();
    const refusal = (source: string) => importer.importBundle(source).catch((error: Error) => error.message);
    const bomb = await zipWith([{ name: 'users.csv', size: 20 * MB }]);
    expect(await refusal(bomb)).toMatch(
      /users\.csv is compressed \d+ to 1, more than 100 \(IMPORT_MAX_COMPRESSION_RATIO\): refused as a zip bomb$/,
    );
    const many = await zipWith(Array.from({ length: 60 }, (_, i) => ({ name: `notes-${i}.txt`, size: 10 })));
    expect(await refusal(many)).toMatch(/holds 66 files, more than 50 \(IMPORT_MAX_ZIP_FILES\)$/);
    expect(await dumpRostering(t.dataSource)).toEqual(before);
    expect(databaseBytes() - sizeBefore).toBeLessThan(MB);
  });

  it('a bundle refused after staging gives back the room it took: the SQLite file is the size it was', async () => {
    const before = await dumpRostering(t.dataSource);
    const sizeBefore = databaseBytes();
    const header = renamedUsers('x').split('\n')[0];
    const row = 'usr-dup,,,true,org-school-1,student,,,Dup,Licate,,,,,,,,\n';
    const report = await importer.importBundle(withUsers(Buffer.from(`${header}\n${row.repeat(200_000)}`)));
    expect(report.applied).toBe(false);
    expect(report.errors[0].reason).toMatch(/already appears on line 2/);
    expect(await dumpRostering(t.dataSource)).toEqual(before);
    expect(databaseBytes() - sizeBefore).toBeLessThan(MB);
  });

  it('a refused bundle leaves the staging tables empty', async () => {
    const dir = copyBundle('base');
    editCsv(dir, 'users.csv', (text) => text.replace('Evelien,Poppe', 'Evelien,Po\u0000ppe'));
    await importer.importBundle(dir);
    expect(await t.dataSource.getRepository(ImportRecordEntity).count()).toBe(0);
    expect(await t.dataSource.getRepository(ImportReferenceEntity).count()).toBe(0);
  });
});
