import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { formatProblem } from '../../src/csv/import-problem';
import { DEMO_TENANT } from '../../src/demo/demo-data.loader';
import { OrgEntity } from '../../src/orgs/org.entity';
import { UserEntity } from '../../src/users/user.entity';
import { cliOn, jsonOf } from '../support/cli';
import { dumpRostering, editCsv, FIXTURES, otherSisBundle } from '../support/bundles';
import { API, startTestApp, TestApp, tokenFor } from '../support/test-app';

const statusOf = async (t: TestApp, entity: typeof UserEntity | typeof OrgEntity, sourcedId: string) =>
  (await t.dataSource.getRepository(entity).findOneByOrFail({ sourcedId })).status;

describe('feeds: each import speaks for its own SIS export', () => {
  let t: TestApp;
  let importer: BundleImporter;
  beforeAll(async () => {
    t = await startTestApp();
    importer = t.app.get(BundleImporter);
  });
  afterAll(() => t?.close());

  it("leaves another feed's records active when a bulk import of one feed does not list them", async () => {
    expect((await importer.importBundle(join(FIXTURES, 'base'), { feed: 'brugge' })).applied).toBe(true);
    expect((await importer.importBundle(otherSisBundle('gent-'), { feed: 'gent' })).applied).toBe(true);
    const again = await importer.importBundle(join(FIXTURES, 'base'), { feed: 'brugge' });
    expect(again.files.users).toMatchObject({ deleted: 0 });
    expect(await statusOf(t, UserEntity, 'gent-usr-s-1')).toBe('active');
    expect(await statusOf(t, OrgEntity, 'gent-org-school-1')).toBe('active');

    const gentWithoutOnePupil = otherSisBundle('gent-');
    editCsv(gentWithoutOnePupil, 'users.csv', (text) => text.replace(/^gent-usr-s-3,.*\n/m, ''));
    editCsv(gentWithoutOnePupil, 'demographics.csv', (text) => text.replace(/^gent-usr-s-3,.*\n/m, ''));
    editCsv(gentWithoutOnePupil, 'enrollments.csv', (text) => text.replace(/^gent-enr-4,.*\n/m, ''));
    const gent = await importer.importBundle(gentWithoutOnePupil, { feed: 'gent' });
    expect(gent.files.users).toMatchObject({ deleted: 1 });
    expect(await statusOf(t, UserEntity, 'gent-usr-s-3')).toBe('tobedeleted');
    expect(await statusOf(t, UserEntity, 'usr-s-3')).toBe('active');
  });

  it('refuses a sourcedId that belongs to another feed, with its line, and changes nothing', async () => {
    const before = await dumpRostering(t.dataSource);
    const stray = otherSisBundle('gent-');
    editCsv(stray, 'users.csv', (text) => `${text}usr-s-1,,,true,gent-org-school-1,student,,,Zoë,Other,,S9,,,,,07,\n`);
    const report = await importer.importBundle(stray, { feed: 'gent' });
    expect(report.applied).toBe(false);
    expect(report.errors.map(formatProblem)).toEqual([
      "users.csv:7 sourcedId: sourcedId 'usr-s-1' belongs to feed 'brugge'; import it with --feed brugge, or give it another sourcedId",
    ]);
    expect(await dumpRostering(t.dataSource)).toEqual(before);
  });

  it('feeds list shows each feed with its active records and last import', async () => {
    const feeds = jsonOf<{ feed: string; active: Record<string, number>; lastImport: { state: string } }[]>(
      await cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'feeds-')))(['feeds', 'list', '--json']),
    );
    expect(feeds.map((feed) => [feed.feed, feed.active.users, feed.lastImport.state])).toEqual([
      ['brugge', 5, 'applied'],
      ['gent', 4, 'rejected'],
    ]);
  });

  it('refuses a feed name that is not a plain identifier', async () => {
    await expect(importer.importBundle(join(FIXTURES, 'base'), { feed: 'Brugge Noord' })).rejects.toThrow(
      /feed 'Brugge Noord': use 1-64 characters/,
    );
  });

  it("retires every record of a feed whose bulk import lists none of them (all its ids new), and no other feed's", async () => {
    const activeOf = (feed: string) => t.dataSource.getRepository(UserEntity).countBy({ feed, status: 'active' });
    const [gent, brugge] = [await activeOf('gent'), await activeOf('brugge')];
    const renumbered = await importer.importBundle(otherSisBundle('gent2-'), { feed: 'gent' });
    expect(renumbered.applied).toBe(true);
    expect(renumbered.files.users?.deleted).toBe(gent);
    expect(await statusOf(t, UserEntity, 'gent-usr-s-1')).toBe('tobedeleted');
    expect(await statusOf(t, UserEntity, 'gent2-usr-s-1')).toBe('active');
    expect(await activeOf('brugge')).toBe(brugge);
  });
});

describe('the demo board lives in its own feed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true' });
  });
  afterAll(() => t?.close());

  it("the demo tenant sees the demo feed's orgs and never another feed's", async () => {
    const credentials = await t.app.get(ClientsService).create(DEMO_TENANT, 'feeds test');
    const demo = request.agent(t.app.getHttpServer());
    demo.set('Authorization', `Bearer ${await tokenFor(request.agent(t.app.getHttpServer()), credentials)}`);
    const orgsBefore = (await demo.get(`${API}/orgs?limit=1000`).expect(200)).body.orgs.length;
    expect(orgsBefore).toBeGreaterThan(3);

    expect((await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'), { feed: 'real' })).applied).toBe(true);
    const orgs = (await demo.get(`${API}/orgs?limit=1000`).expect(200)).body.orgs as { sourcedId: string }[];
    expect(orgs).toHaveLength(orgsBefore);
    expect(orgs.map((org) => org.sourcedId)).not.toContain('org-school-1');
    await demo.get(`${API}/users/usr-s-1`).expect(404);
  });
});
