import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { TenantsService } from '../../src/tenants/tenants.service';
import { Publisher } from '../../src/publication/publisher.service';
import { MAX_PARAMETERS_PER_STATEMENT } from '../../src/database/batches';
import { factories, T0 } from '../support/factories';
import { seedSmallBoard } from '../support/small-board';
import { sweep } from '../support/sweep';
import { API, startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

/** A delta bundle of users only: two newcomers (one sorting first), one leaver. */
function usersDelta(): string {
  const dir = mkdtempSync(join(tmpdir(), 'users-delta-'));
  const manifest = [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.1',
    ...['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs'].map(
      (file) => `file.${file},absent`,
    ),
    'file.users,delta',
    'source.systemName,Page cache test',
  ];
  const header =
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password';
  const users = [
    header,
    'student-00,active,,true,school-1,student,,,Aaron,Aerts,,S0000,,,,,07,',
    'student-10b,active,,true,school-1,student,,,Bo,Bertels,,S0100,,,,,07,',
    'student-05,tobedeleted,,true,school-1,student,,,Student5,Janssens,,S0005,,,,,07,',
  ];
  writeFileSync(join(dir, 'manifest.csv'), `${manifest.join('\n')}\n`);
  writeFileSync(join(dir, 'users.csv'), `${users.join('\n')}\n`);
  return dir;
}

/**
 * The list engine remembers each list's total and where its pages ended (PageCache), so later
 * pages of a sweep seek instead of counting and skipping again. Nothing it remembers may outlive a
 * change to the data or the tenant's settings.
 */
describe('remembered totals and page ends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  const sweepUsers = (limit: number) => sweep(t, 'users', limit);

  it('serve every page as OFFSET would, in both orders, and the same again when repeated', async () => {
    const first = await sweepUsers(4);
    expect(first.seen).toEqual([...first.seen].sort());
    expect(await sweepUsers(4)).toEqual(first);
    const pages = async () => (await sweep(t, 'users', 3, "status='active'", 'desc')).seen;
    const descending = await pages();
    expect(descending).toEqual([...first.seen].reverse());
    expect(await pages()).toEqual(descending);
  });

  it('forget everything once an import changes the data: new total, newcomers in place, leavers gone', async () => {
    const before = await sweepUsers(4);
    const report = await t.app.get(BundleImporter).importBundle(usersDelta());
    expect(report.errors).toEqual([]);
    const after = await sweepUsers(4);
    expect(after.total).toBe(before.total + 1);
    expect(after.seen).toEqual(
      [...before.seen.filter((id) => id !== 'student-05'), 'student-00', 'student-10b'].sort(),
    );
    expect(new Set(after.seen).size).toBe(after.total);
  });

  it("forget a count once the tenant's settings change what a filter matches", async () => {
    const titled = `${API}/classes?filter=${encodeURIComponent("title~' - '")}`;
    expect((await t.http.get(titled).expect(200)).headers['x-total-count']).toBe('0');
    await t.app.get(TenantsService).update(TEST_TENANT, { classTitleFormat: '{classTitle} - {schoolName}' });
    const res = await t.http.get(titled).expect(200);
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.body.classes.map((c: { title: string }) => c.title)).toContain('Wiskunde 1A - Sint-Jozefscollege');
  });

  it(
    'give a page of more than one IN list of records (its links loaded through its keys subquery, on PostgreSQL by its ids as one array) the same orgs and agents as small pages',
    { timeout: 60_000 },
    async () => {
      const make = factories(t.dataSource);
      const many = MAX_PARAMETERS_PER_STATEMENT + 50;
      for (let n = 0; n < many; n++) {
        const id = `bulk-${String(n).padStart(5, '0')}`;
        await make.user(id, {
          orgs: n % 2 ? ['school-1', 'district'] : ['school-2'],
          agents: n % 500 === 0 ? ['parent-1'] : [],
        });
      }
      await t.app.get(Publisher).refresh(undefined, T0);
      const orgsAndAgents = (
        users: { sourcedId: string; orgs: { sourcedId: string }[]; agents: { sourcedId: string }[] }[],
      ) =>
        users.map((user) => [
          user.sourcedId,
          user.orgs.map((org) => org.sourcedId),
          user.agents.map((agent) => agent.sourcedId),
        ]);
      const large = await t.http.get(`${API}/users?limit=5000`).expect(200);
      expect(large.body.users.length).toBeGreaterThan(MAX_PARAMETERS_PER_STATEMENT);
      const small: unknown[] = [];
      for (let offset = 0; offset < large.body.users.length; offset += 1000) {
        small.push(
          ...orgsAndAgents((await t.http.get(`${API}/users?limit=1000&offset=${offset}`).expect(200)).body.users),
        );
      }
      expect(orgsAndAgents(large.body.users)).toEqual(small);
      expect(orgsAndAgents(large.body.users)).toContainEqual(['bulk-00001', ['school-1', 'district'], []]);
      expect(orgsAndAgents(large.body.users)).toContainEqual(['bulk-00500', ['school-2'], ['parent-1']]);
    },
  );
});
