import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { ImportOptions } from '../../src/csv/import-report';
import {
  copyBundle,
  dumpRostering,
  editCsv,
  FIXTURES,
  setManifest,
  withoutOnePupil,
  zipBundle,
} from '../support/bundles';
import { API, startTestApp, TestApp, withoutOrigin } from '../support/test-app';

const BASE = join(FIXTURES, 'base');

describe('a bundle its feed last published, imported again, has nothing to do', () => {
  let t: TestApp;
  const importing = (path: string, options: ImportOptions = {}) =>
    t.app.get(BundleImporter).importBundle(path, options);
  /** The rostering tables as stored, without the bookkeeping every import writes (runs, counters). */
  const stored = async () => {
    const { rate_limit_counters: _counters, ...rest } = await dumpRostering(t.dataSource);
    return rest;
  };

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_GUARD_PERCENT: '20', IMPORT_GUARD_MINIMUM: '0' });
  });
  afterAll(() => t?.close());

  it('stages nothing, writes nothing, publishes nothing: every stored row, dateLastModified and stamp stays', async () => {
    const first = await importing(BASE);
    expect(first.unchangedSince).toBeUndefined();
    const served = withoutOrigin((await t.http.get(`${API}/users`).expect(200)).body);
    const before = await stored();
    const again = await importing(BASE);
    expect(again).toMatchObject({ applied: true, unchangedSince: first.importId });
    expect(again.files.users).toEqual({
      mode: 'bulk',
      rows: first.files.users.rows,
      rejected: 0,
      inserted: 0,
      updated: 0,
      unchanged: first.files.users.rows,
      deleted: 0,
      skipped: 0,
    });
    expect(
      Object.keys(again.phaseSeconds!).filter((phase) => !['bundle digest', 'staging cleared'].includes(phase)),
    ).toEqual([]);
    expect(await stored()).toEqual(before);
    expect(withoutOrigin((await t.http.get(`${API}/users`).expect(200)).body)).toEqual(served);
  });

  it('knows the same files in a zip, and a third import of them is unchanged since the first still', async () => {
    const first = await importing(BASE);
    const zipped = await importing(await zipBundle(BASE));
    expect(zipped.unchangedSince).toBe(first.unchangedSince);
  });

  it('imports in full a changed byte, other options, another feed, a delta file, and what a held import skipped', async () => {
    const changed = copyBundle('base');
    editCsv(changed, 'users.csv', (text) => text.replace('Swings', 'Swings-Vandamme'));
    expect((await importing(changed)).unchangedSince).toBeUndefined();
    const back = await importing(BASE);
    expect(back.applied && back.unchangedSince === undefined).toBe(true);
    expect(back.files.users.updated).toBe(1);

    expect((await importing(BASE, { skipInvalid: true })).unchangedSince).toBeUndefined();
    expect((await importing(BASE, { skipInvalid: true })).unchangedSince).toBeDefined();
    expect((await importing(BASE, { encoding: 'windows-1252' })).unchangedSince).toBeUndefined();

    const delta = copyBundle('base');
    setManifest(delta, 'file.enrollments', 'delta');
    expect((await importing(delta)).unchangedSince).toBeUndefined();
    expect((await importing(delta)).unchangedSince).toBeUndefined();

    const held = await importing(withoutOnePupil());
    expect(held.held).toBe(true);
    const last = await importing(BASE);
    expect(last.unchangedSince).toBeUndefined(); // the delta bundle was published last
    expect((await importing(BASE)).unchangedSince).toBe(last.importId);
  });

  it('says so in a dry run, which publishes nothing either', async () => {
    const first = await importing(BASE);
    const dry = await importing(BASE, { dryRun: true });
    expect(dry).toMatchObject({ applied: false, dryRun: true, unchangedSince: first.unchangedSince ?? first.importId });
  });
});
