import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cli, cliOn, expectUsageError, jsonOf } from '../support/cli';
import { FIXTURES, zipBundle } from '../support/bundles';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The base bundle zipped, its bytes changed by `edit` (the zip's name is unchanged in length). */
async function editedZip(edit: (zip: Buffer) => Buffer, folder = ''): Promise<string> {
  const path = await zipBundle(join(FIXTURES, 'base'), folder);
  writeFileSync(path, edit(readFileSync(path)));
  return path;
}

/** Overwrites the start of an entry's compressed data (it follows the first occurrence of its name, in its local header). */
const corrupting = (name: string) => (zip: Buffer) => {
  const data = zip.indexOf(name) + name.length;
  zip.fill(0xff, data, data + 24);
  return zip;
};

/** Renames every entry `xx/<name>` to `../<name>`, in the local headers and the central directory alike. */
const escaping = (zip: Buffer) => Buffer.from(zip.toString('latin1').replaceAll('xx/', '../'), 'latin1');

describe('CLI mistakes: one error line on stderr, exit code 1', () => {
  let db: TestDatabase;
  let dir: string;
  let cli: Cli;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'cli-errors-'));
    cli = cliOn(db.url, dir);
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // One at a time: each import takes the import lock before it looks at its bundle.
  const importOf = async (...paths: string[]) => {
    const results = [];
    for (const path of paths) results.push(await cli(['import', path]));
    return results;
  };

  it('a missing path, and a file that is neither a folder nor a zip', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'not a bundle\n');
    const [missing, text] = await importOf('/no/such/dir', notes);
    expectUsageError(missing, /^error: \/no\/such\/dir: no such file or folder\n$/);
    expectUsageError(text, new RegExp(`^error: ${notes}: give a folder or a \\.zip file\\n$`));
  });

  it('a zip with ../ entries, a .zip that is no zip, and a zip whose entries are corrupt', async () => {
    const escaped = await editedZip(escaping, 'xx/');
    const notZip = join(dir, 'export.zip');
    writeFileSync(notZip, 'not a zip\n');
    const corruptManifest = await editedZip(corrupting('manifest.csv'));
    const corruptOrgs = await editedZip(corrupting('orgs.csv'));
    const results = await importOf(escaped, notZip, corruptManifest, corruptOrgs);
    expectUsageError(
      results[0],
      new RegExp(`^error: ${escaped}: refused: entry '\\.\\./\\w+\\.csv' would be unpacked outside the bundle`),
    );
    expectUsageError(results[1], new RegExp(`^error: ${notZip}: not a readable zip file \\(End of central directory`));
    expectUsageError(results[2], new RegExp(`^error: ${corruptManifest}: manifest\\.csv in the zip is corrupt \\(`));
    expectUsageError(results[3], new RegExp(`^error: ${corruptOrgs}: orgs\\.csv in the zip is corrupt \\(`));
    // The two that got as far as reading ended as failed runs: their process lived to record it.
    const runs = jsonOf<{ state: string }[]>(await cli(['imports', 'list', '--json']));
    expect(runs.map((run) => run.state)).toEqual(['failed', 'failed']);
  });

  it('an unknown tenant, and an unknown command', async () => {
    const [tenant, command] = await Promise.all([cli(['tenants', 'show', 'nope']), cli(['nope'])]);
    expectUsageError(tenant, /^error: no tenant 'nope' \(see: tenants list\)\n$/);
    expectUsageError(command, /^error: unknown command 'nope'\n$/);
  });

  it('--debug adds the stack trace, wherever it stands; --help exits 0', async () => {
    const [before, after, help] = await Promise.all([
      cli(['--debug', 'import', '/no/such/dir']),
      cli(['import', '/no/such/dir', '--debug']),
      cli(['--help']),
    ]);
    for (const result of [before, after]) {
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/^error: \/no\/such\/dir: no such file or folder\nError: [^\n]+\n {4}at /);
    }
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: /);
  });

  it('a SQLite database that another process keeps locked', async ({ skip }) => {
    if (db.dialect !== 'sqlite') skip('SQLite only: servers lock rows, not the database');
    const holder = new Database(db.url.slice('sqlite:'.length));
    holder.exec('BEGIN IMMEDIATE'); // holds the write lock until the ROLLBACK below
    try {
      const results = await Promise.all([
        cli(['tenants', 'create', 'locked', '--name', 'Locked', '--all-orgs', '--json']),
        cli(['import', join(FIXTURES, 'base')]),
      ]);
      for (const result of results)
        expectUsageError(result, /^error: the SQLite database is locked by another process writing to it;/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
