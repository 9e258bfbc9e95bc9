import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { ImportRunningError } from '../../src/csv/import-lock';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { ImportReferenceEntity } from '../../src/csv/import-reference.entity';
import { ImportRunEntity } from '../../src/csv/import-run.entity';
import { generateBoard } from '../../src/demo/board-generator';
import { setManifest } from '../support/bundles';
import { CLI, Cli, cliOn, expectUsageError } from '../support/cli';
import { secondImporter } from '../support/second-importer';
import { API, startTestApp, TestApp } from '../support/test-app';

/** `cli import` as a process of its own, killed with SIGKILL once its progress names `phase`. */
function importKilledAt(databaseUrl: string, bundle: string, phase: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // A feed of its own: the other board's bulk files retire nothing of this one, so the guard lets it through.
    const child = spawn(process.execPath, [CLI, 'import', bundle, '--feed', 'large'], {
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    });
    let progress = '';
    child.stderr.on('data', (chunk: Buffer) => {
      progress += chunk.toString();
      if (progress.includes(`import: ${phase}`)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`import ended (${code}) before ${phase}:\n${progress}`)),
    );
  });
}

describe('one import at a time, and imports that die', () => {
  let t: TestApp;
  let cli: Cli;
  let small: string;
  let large: string;
  const served = async () => {
    const res = await t.http.get(`${API}/users?limit=50`).expect(200);
    return {
      total: res.headers['x-total-count'],
      first: res.body.users.map((u: { sourcedId: string }) => u.sourcedId),
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const dir = mkdtempSync(join(tmpdir(), 'import-lock-'));
    cli = cliOn(t.db.url, dir);
    small = join(dir, 'small');
    large = join(dir, 'large');
    await generateBoard(small, { students: 60, seed: 1 });
    await generateBoard(large, { students: 3000, seed: 2 });
    expect((await cli(['import', small])).code).toBe(0);
  });
  afterAll(() => t?.close());

  it('refuses a second import with one line while one runs, and lets the first finish', async () => {
    const second = await secondImporter(t.db.url);
    try {
      let open!: () => void;
      second.derivations.gate = new Promise<void>((resolve) => (open = resolve));
      const pausing = new Promise<void>((resolve) => (second.derivations.onPause = resolve));
      // Not `small` itself: a bundle its feed just published has nothing to do, and would never pause.
      const sameRows = join(dirname(small), 'same-rows');
      cpSync(small, sameRows, { recursive: true });
      setManifest(sameRows, 'source.systemName', 'the same rows, exported again');
      const first = second.importer.importBundle(sameRows);
      await pausing; // the first import holds the lock, its transaction open, until `open()`
      expectUsageError(await cli(['import', small]), /^error: another import is running on this database/);
      await expect(t.app.get(BundleImporter).importBundle(small)).rejects.toThrow(ImportRunningError);
      open();
      expect((await first).applied).toBe(true);
      expect((await cli(['import', small])).code).toBe(0);
    } finally {
      await second.close();
    }
  });

  for (const phase of ['reading users.csv', 'applying', 'publishing']) {
    it(`killed while ${phase}: the state before is served, and the next import closes the dead run`, async () => {
      const before = await served();
      await importKilledAt(t.db.url, large, phase);
      expect(await served()).toEqual(before);
      const runs = t.dataSource.getRepository(ImportRunEntity);
      const dead = await runs.findOneByOrFail({ state: 'staging' });

      expect((await cli(['import', small])).code).toBe(0);
      expect(await served()).toEqual(before);
      expect(await runs.findOneByOrFail({ id: dead.id })).toMatchObject({ state: 'failed' });
      expect(await t.dataSource.getRepository(ImportRecordEntity).count()).toBe(0);
      expect(await t.dataSource.getRepository(ImportReferenceEntity).count()).toBe(0);
    });
  }
});
