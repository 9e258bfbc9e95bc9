import { cpSync, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../src/entities';
import { RosteringRecord } from '../../src/oneroster/rostering-record';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'csv');
/** Third-party sample bundles, read in place and never copied into the repository; unset means skip (CI sets it). */
export const SAMPLE_DATA_DIR = process.env.SAMPLE_DATA_DIR;

/** A writable copy of a fixture bundle, to edit in a test. */
export function copyBundle(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Edits one CSV of a bundle copy as text. */
export function editCsv(dir: string, file: string, edit: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

/** The base fixture without one pupil (usr-s-3) and their enrollment: over an import guard of 20 %. */
export function withoutOnePupil(): string {
  const dir = copyBundle('base');
  editCsv(dir, 'users.csv', (text) => text.replace(/^usr-s-3,.*\n/m, ''));
  editCsv(dir, 'demographics.csv', (text) => text.replace(/^usr-s-3,.*\n/m, ''));
  editCsv(dir, 'enrollments.csv', (text) => text.replace(/^enr-4,.*\n/m, ''));
  return dir;
}

/** The base fixture with every sourcedId prefixed: another SIS's export, sharing no record with the base. */
export function otherSisBundle(prefix: string): string {
  const dir = copyBundle('base');
  for (const file of readdirSync(dir).filter((name) => name !== 'manifest.csv'))
    editCsv(dir, file, (text) => text.replace(/\b(org|usr|class|course|as|enr)-/g, `${prefix}$1-`));
  return dir;
}

/**
 * The base fixture's orgs, sessions, courses and classes, with exactly these students (bulk) and no enrollments or
 * demographics: each named Pupil (or as `givenNameOf` says) and its id.
 */
export function bundleWithStudents(ids: string[], givenNameOf: (id: string) => string = () => 'Pupil'): string {
  const dir = copyBundle('base');
  for (const file of ['enrollments', 'demographics']) {
    setManifest(dir, `file.${file}`, 'absent');
    rmSync(join(dir, `${file}.csv`));
  }
  editCsv(dir, 'users.csv', (text) =>
    [
      text.split('\n')[0],
      ...ids.map((id) => `${id},,,true,org-school-1,student,,,${givenNameOf(id)},${id},,${id},,,,,07,`),
      '',
    ].join('\n'),
  );
  return dir;
}

/** Sets a manifest property of a bundle copy. */
export function setManifest(dir: string, property: string, value: string): void {
  editCsv(dir, 'manifest.csv', (text) => text.replace(new RegExp(`^${property},.*$`, 'm'), `${property},${value}`));
}

/** Zips a bundle folder (optionally inside a top-level folder, as some SIS exports do). */
export async function zipBundle(dir: string, folder = ''): Promise<string> {
  const zipPath = join(mkdtempSync(join(tmpdir(), 'bundle-zip-')), 'bundle.zip');
  const zip = new ZipFile();
  for (const name of readdirSync(dir)) zip.addFile(join(dir, name), `${folder}${name}`);
  zip.end();
  const out = zip.outputStream.pipe(createWriteStream(zipPath));
  await finished(out);
  return zipPath;
}

/** Every row of every rostering table (not the access log), ordered: what "nothing changed" is checked against. */
export async function dumpRostering(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const entity of ENTITIES) {
    const metadata = dataSource.getMetadata(entity);
    // Imports' own bookkeeping, and the access log, which records the test's requests as they come.
    if (metadata.tableName.startsWith('import_') || metadata.tableName === 'access_log') continue;
    const order = Object.fromEntries(metadata.primaryColumns.map((c) => [c.propertyName, 'ASC' as const]));
    dump[metadata.tableName] = await dataSource.getRepository(entity).find({ order });
  }
  return dump;
}

export async function recordOf<T extends RosteringRecord>(
  dataSource: DataSource,
  entity: new () => T,
  sourcedId: string,
) {
  return dataSource.getRepository(entity).findOneByOrFail({ sourcedId } as never);
}
