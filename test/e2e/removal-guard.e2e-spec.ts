import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRunEntity } from '../../src/csv/import-run.entity';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { UserEntity } from '../../src/users/user.entity';
import { Cli, cliOn, jsonOf } from '../support/cli';
import { dumpRostering, FIXTURES, withoutOnePupil } from '../support/bundles';
import { startTestApp, TestApp } from '../support/test-app';

const GUARD = { IMPORT_GUARD_PERCENT: '20', IMPORT_GUARD_MINIMUM: '0' };
const heldId = (stderr: string) => /imports approve ([0-9a-f-]{36})/.exec(stderr)![1];

describe('the mass-removal guard (20% and more than 0 records here)', () => {
  let t: TestApp;
  let cli: Cli;
  const status = async (sourcedId: string) =>
    (await t.dataSource.getRepository(UserEntity).findOneByOrFail({ sourcedId })).status;

  beforeAll(async () => {
    t = await startTestApp(GUARD);
    cli = (args, call = {}) =>
      cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'guard-')))(args, { ...call, env: { ...GUARD, ...call.env } });
    expect((await cli(['import', join(FIXTURES, 'base')])).code).toBe(0);
  });
  afterAll(() => t?.close());

  it('--dry-run prints what each tenant would lose and changes nothing', async () => {
    const before = await dumpRostering(t.dataSource);
    const dry = await cli(['import', withoutOnePupil(), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      [
        'tenant test-board: users: 1 of 5 active would be removed (20.0%)',
        '  org-district: 1',
        '  org-school-2: 1',
        "  first: usr-s-3 (Jürgen D'Hondt)",
        'tenant test-board: enrollments: 1 of 4 active would be removed (25.0%)  OVER THE GUARD (more than 20% and more than 0)',
        '  org-school-2: 1',
        '  first: enr-4 (usr-s-3 in class-1b-ned)',
      ].join('\n'),
    );
    expect(dry.stdout).toMatch(/Dry run: nothing was changed/);
    expect(await dumpRostering(t.dataSource)).toEqual(before);
  });

  it('holds an import over the guard, shows its diff, and approve publishes exactly that', async () => {
    const before = await dumpRostering(t.dataSource);
    const held = await cli(['import', withoutOnePupil()]);
    expect(held.code).toBe(1);
    expect(held.stderr).toMatch(/^Held: the import would remove more of a tenant's records than the guard allows/m);
    const id = heldId(held.stderr);
    expect(await dumpRostering(t.dataSource)).toEqual(before);

    const shown = await cli(['imports', 'show', id]);
    expect(shown.stdout).toContain(`import ${id}: held (feed default`);
    expect(shown.stdout).toContain(
      'tenant test-board: enrollments: 1 of 4 active would be removed (25.0%)  OVER THE GUARD (more than 20% and more than 0)',
    );
    const listed = jsonOf<{ id: string; state: string }[]>(await cli(['imports', 'list', '--json']));
    expect(listed[0]).toMatchObject({ id, state: 'held' });

    const approved = await cli(['imports', 'approve', id]);
    expect(approved.stdout).toContain(`Imported (import ${id}).`);
    expect(await status('usr-s-3')).toBe('tobedeleted');
    expect(await t.dataSource.getRepository(ImportRunEntity).findOneByOrFail({ id })).toMatchObject({
      state: 'applied',
    });
    expect(await t.dataSource.getRepository(ImportRecordEntity).count()).toBe(0);
  });

  it('discard drops a held import; approve refuses one another import has overtaken', async () => {
    expect((await cli(['import', join(FIXTURES, 'base')])).code).toBe(0); // the pupil is back
    const first = heldId((await cli(['import', withoutOnePupil()])).stderr);
    expect((await cli(['imports', 'discard', first])).stdout).toContain(`Discarded import ${first}`);
    expect(await t.dataSource.getRepository(ImportRecordEntity).count()).toBe(0);
    expect((await cli(['imports', 'approve', first])).stderr).toBe(`error: import ${first} is discarded, not held\n`);

    const second = heldId((await cli(['import', withoutOnePupil()])).stderr);
    expect((await cli(['import', join(FIXTURES, 'delta')])).code).toBe(0); // published after the hold
    const refused = await cli(['imports', 'approve', second]);
    expect(refused.stderr).toMatch(/^error: import .* was held before another import was published/);
    expect(await status('usr-s-3')).toBe('active');
  });

  it('lets a change within the guard through', async () => {
    const small = await cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'guard-')))(['import', withoutOnePupil()]);
    expect(small.code).toBe(0); // default guard: 5% and more than 20 records
  });

  it("holds a tenant to its own threshold when it has one, and to the deployment's after `default`", async () => {
    expect((await cli(['import', join(FIXTURES, 'base')])).code).toBe(0); // the pupil is back
    const lenient = await cli(['tenants', 'update', 'test-board', '--guard-percent', '30', '--guard-minimum', '0']);
    expect(lenient.stdout).toContain(
      'import guard: holds an import retiring more than 30% and more than 0 of its active users, classes or enrollments',
    );
    expect((await cli(['import', withoutOnePupil(), '--dry-run'])).stdout).not.toContain('OVER THE GUARD');

    const strict = await cli(['tenants', 'update', 'test-board', '--guard-percent', '10']);
    expect(strict.code).toBe(0);
    expect((await cli(['import', withoutOnePupil(), '--dry-run'])).stdout).toContain(
      'tenant test-board: users: 1 of 5 active would be removed (20.0%)  OVER THE GUARD (more than 10% and more than 0)',
    );

    const reset = await cli([
      'tenants',
      'update',
      'test-board',
      '--guard-percent',
      'default',
      '--guard-minimum',
      'default',
    ]);
    expect(reset.stderr).toBe('');
    expect(reset.stdout).toContain('more than the default and more than the default');
    expect((await cli(['tenants', 'update', 'test-board', '--guard-percent', '101'])).stderr).toBe(
      'error: --guard-percent takes a whole number from 0 to 100, got 101\n',
    );
  });
});

describe("the guard counts each tenant's own view", () => {
  let t: TestApp;
  let cli: Cli;

  beforeAll(async () => {
    t = await startTestApp(GUARD);
    cli = (args, call = {}) =>
      cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'guard-views-')))(args, { ...call, env: { ...GUARD, ...call.env } });
    expect((await cli(['import', join(FIXTURES, 'base')])).code).toBe(0);
    const school2 = ['tenants', 'create', 'school-2', '--name', 'Atheneum', '--orgs', 'org-school-2'];
    expect((await cli([...school2, '--domain', 'atheneum.example'])).code).toBe(0);
  });
  afterAll(() => t?.close());

  it("against that tenant's active records only, a user in several orgs of it once", async () => {
    const dry = await cli(['import', withoutOnePupil(), '--dry-run']);
    expect(dry.stdout).toContain('tenant test-board: users: 1 of 5 active would be removed (20.0%)');
    expect(dry.stdout).toContain('tenant test-board: enrollments: 1 of 4 active would be removed (25.0%)');
    expect(dry.stdout).toContain('tenant school-2: users: 1 of 1 active would be removed (100.0%)');
    expect(dry.stdout).toContain('tenant school-2: enrollments: 1 of 1 active would be removed (100.0%)');
  });
});
