import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantsService } from '../../src/tenants/tenants.service';
import { REVIEW_COLUMNS } from '../../src/usernames/review-csv';
import { UserEntity } from '../../src/users/user.entity';
import { Cli, cliOn, expectUsageError, jsonOf } from '../support/cli';
import { seedSmallBoard } from '../support/small-board';
import { startTestApp, TestApp } from '../support/test-app';

const TENANT = 'leie';
type Row = Record<string, string>;
const ENTRA_HEADER = ['userPrincipalName', 'displayName', 'surname', 'mail', 'givenName', 'userType'];

describe('usernames preview: how SDS will match a tenant to its Entra accounts', () => {
  let t: TestApp;
  let cli: Cli;
  let dir: string;
  let usernames: Map<string, string>;
  const entraFile = (rows: string[][]) => {
    const file = join(dir, `entra-${rows.length}.csv`);
    writeFileSync(file, '\uFEFF' + stringify([ENTRA_HEADER, ...rows]));
    return file;
  };
  const readPreview = (text: string) => {
    const rows = parse(text, { columns: true, bom: true }) as Row[];
    return new Map(rows.map((row) => [row.ID, row]));
  };

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'preview-'));
    cli = cliOn(t.db.url, dir);
    await seedSmallBoard(t.dataSource);
    await t.app.get(TenantsService).create(TENANT, {
      name: 'Leie',
      orgs: ['district'],
      domain: 'sgleie.be',
      studentDomain: 'leerling.sgleie.be',
    });
    const exported = await cli(['usernames', 'export', '--tenant', TENANT]);
    usernames = new Map([...readPreview(exported.stdout)].map(([id, row]) => [id, row['Office365 username']]));
  });
  afterAll(() => t?.close());

  it('tells who matches, who SDS creates, whose name is a stranger and who collides, in the review format', async () => {
    const zoe = usernames.get('student-02')!;
    expect(zoe).toMatch(/@leerling\.sgleie\.be$/);
    const file = entraFile([
      [usernames.get('teacher-1')!, 'Evelien Poppe', 'Poppe', '', 'Evelien', 'Member'],
      [usernames.get('student-04')!, 'Kobe Stevens', 'Stevens', '', 'Kobe', 'Member'],
      ['zoe.vdb@leerling.sgleie.be', 'Zoë Van den Broeck', 'Van den Broeck', '', 'Zoë', 'Member'],
      ['student5.family5@leerling.sgleie.be.old', 'x', 'Family5', '', 'Student5', 'Member'],
      ['s5.family5@leerling.sgleie.be', 'Student5 Family5', 'Family5', '', 'Student5', 'Member'],
      ['student5.f@leerling.sgleie.be', 'Student5 Family5', 'Family5', '', 'Student5', 'Member'],
    ]);
    const out = join(dir, 'preview.csv');
    const run = await cli(['usernames', 'preview', '--tenant', TENANT, '--entra', file, '--out', out]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toMatch(/^1 collision, 1 stranger, 1 existing account, 12 create, 1 match\.\nWrote /);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toBe(
      `\uFEFF${[...REVIEW_COLUMNS, 'SDS preview', 'Entra account', 'note'].join(',')}`,
    );
    const rows = readPreview(text);
    const status = (id: string) => rows.get(id)!['SDS preview'];
    expect(status('teacher-1')).toBe('match');
    expect(rows.get('student-04')).toMatchObject({
      'SDS preview': 'stranger',
      'Entra account': expect.stringContaining('Kobe Stevens'),
    });
    expect(rows.get('student-02')).toMatchObject({
      'SDS preview': 'existing account',
      'proposed correction': 'zoe.vdb@leerling.sgleie.be',
    });
    expect(rows.get('student-05')).toMatchObject({ 'SDS preview': 'collision' });
    expect(status('student-06')).toBe('create');
    // Contacts get no account: they are not in the preview.
    expect(rows.has('parent-1')).toBe(false);
  });

  it('the school corrects the preview in one pass: usernames import reads it back', async () => {
    const out = join(dir, 'preview.csv');
    const rows = parse(readFileSync(out), { columns: true, bom: true }) as Row[];
    const corrected = rows.map((row) =>
      row['SDS preview'] === 'existing account' ? { ...row, 'corrected username': row['proposed correction'] } : row,
    );
    writeFileSync(out, '\uFEFF' + stringify(corrected, { header: true }));
    const imported = jsonOf<{ corrected: number }>(
      await cli(['usernames', 'import', '--tenant', TENANT, out, '--json']),
    );
    expect(imported.corrected).toBe(1);
    const again = await cli(['usernames', 'preview', '--tenant', TENANT, '--entra', join(dir, 'entra-6.csv')]);
    expect(readPreview(again.stdout).get('student-02')!['SDS preview']).toBe('match');
  });

  it('matches on mail with --match mail: two people with one email collide', async () => {
    const users = t.dataSource.getRepository(UserEntity);
    await users.update({ sourcedId: 'student-06' }, { email: 'gezin.claes@mail.be' });
    await users.update({ sourcedId: 'student-07' }, { email: 'Gezin.Claes@mail.be' });
    const file = entraFile([
      [usernames.get('teacher-1')!, 'Evelien Poppe', 'Poppe', 'evelien.poppe@example.org', 'Evelien', 'Member'],
    ]);
    const run = await cli(['usernames', 'preview', '--tenant', TENANT, '--entra', file, '--match', 'mail']);
    const rows = readPreview(run.stdout);
    expect(rows.get('teacher-1')!['SDS preview']).toBe('match');
    expect(rows.get('student-06')).toMatchObject({
      'SDS preview': 'collision',
      note: expect.stringContaining('student-07'),
    });
    expect(rows.get('student-08')).toMatchObject({
      'SDS preview': 'create',
      note: 'no mail to match on: SDS cannot match',
    });
    expect(jsonOf(await cli(['usernames', 'preview', '--tenant', TENANT, '--entra', file, '--json']))).toMatchObject({
      counts: { match: 1 },
    });
  });

  it('refuses a missing export or an unknown match target in one line', async () => {
    expectUsageError(await cli(['usernames', 'preview', '--tenant', TENANT]), /--entra <users.csv> is required/);
    expectUsageError(
      await cli(['usernames', 'preview', '--tenant', TENANT, '--entra', 'x.csv', '--match', 'sam']),
      /--match takes upn or mail/,
    );
  });
});
