import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UsernameReviewService } from '../../src/usernames/username-review.service';
import { copyBundle, editCsv, FIXTURES } from '../support/bundles';
import { secondImporter } from '../support/second-importer';
import { API, startTestApp, TestApp, tokenFor, withoutOrigin } from '../support/test-app';

const COLLECTIONS = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments'] as const;
type RecordJson = { sourcedId: string; status: string };
type Collections = Record<(typeof COLLECTIONS)[number], Map<string, RecordJson>>;

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Reads every page of `path`; `filter` as given. */
async function readAll(api: TestAgent, collection: string, filter: string): Promise<RecordJson[]> {
  const records: RecordJson[] = [];
  for (let offset = 0; ; offset += 1000) {
    const res = await api
      .get(`${API}/${collection}?offset=${offset}&limit=1000&filter=${encodeURIComponent(filter)}`)
      .expect(200);
    const page = withoutOrigin(res.body[collection] as RecordJson[]);
    records.push(...page);
    if (page.length < 1000) return records;
  }
}

/** What a full SDS sweep sees now: the active records of each collection. */
async function fullSweep(api: TestAgent): Promise<Collections> {
  const all = {} as Collections;
  for (const collection of COLLECTIONS) {
    const records = await readAll(api, collection, "status='active'");
    all[collection] = new Map(records.map((record) => [record.sourcedId, record]));
  }
  return all;
}

/**
 * A client that syncs by `dateLastModified` alone after a first full sweep, as SDS's delta runs do: whatever it
 * is told changed replaces its copy; a record served as tobedeleted leaves it.
 */
class DeltaClient {
  private copy = {} as Collections;
  private since = '';

  constructor(private readonly api: TestAgent) {}

  async start() {
    this.since = new Date().toISOString();
    this.copy = await fullSweep(this.api);
  }

  async sync(): Promise<Collections> {
    const since = this.since;
    await tick();
    this.since = new Date().toISOString();
    for (const collection of COLLECTIONS) {
      for (const record of await readAll(this.api, collection, `dateLastModified>'${since}'`)) {
        if (record.status === 'active') this.copy[collection].set(record.sourcedId, record);
        else this.copy[collection].delete(record.sourcedId);
      }
    }
    return this.copy;
  }
}

describe('a client that syncs by dateLastModified alone', () => {
  let t: TestApp;
  let api: TestAgent;
  let client: DeltaClient;
  const tenants = () => t.app.get(TenantsService);

  beforeAll(async () => {
    t = await startTestApp();
    expect((await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'))).applied).toBe(true);
    await tenants().create('delta', { name: 'Delta board', orgs: ['org-school-1'], futureStudents: 'exclude' });
    const credentials = await t.app.get(ClientsService).create('delta', 'delta client');
    const bearer = `Bearer ${await tokenFor(t.anonymous, credentials)}`;
    api = request.agent(t.app.getHttpServer()).set('Authorization', bearer);
    client = new DeltaClient(api);
    await client.start();
  });
  afterAll(() => t?.close());

  const changes: [string, () => Promise<unknown>][] = [
    [
      'the scope grows by a school whose records did not change',
      () => tenants().update('delta', { orgs: ['org-school-1', 'org-school-2'] }),
    ],
    ['future students are no longer held back', () => tenants().update('delta', { futureStudents: 'include' })],
    ['the tenant gets a domain: every username changes', () => tenants().update('delta', { domain: 'school.example' })],
    [
      'class titles follow a format',
      () => tenants().update('delta', { classTitleFormat: '{classTitle} - {schoolName}' }),
    ],
    [
      'an import renames a teacher and retires a pupil',
      async () => {
        const dir = copyBundle('base');
        editCsv(dir, 'users.csv', (text) =>
          text.replace('Evelien,Poppe', 'Evelien,Poppe-Claes').replace(/^usr-s-1,.*\n/m, ''),
        );
        editCsv(dir, 'demographics.csv', (text) => text.replace(/^usr-s-1,.*\n/m, ''));
        editCsv(dir, 'enrollments.csv', (text) => text.replace(/^enr-2,.*\n/m, ''));
        return t.app.get(BundleImporter).importBundle(dir);
      },
    ],
    [
      'a username is corrected in the review file',
      async () => {
        const review = t.app.get(UsernameReviewService);
        const csv = (await review.export('delta')).replace(/evelien\.poppe-claes/, 'e.poppe');
        return review.import('delta', csv);
      },
    ],
    [
      'an import moves a pupil with a parent to a school outside the scope',
      async () => {
        await tenants().update('delta', { orgs: ['org-school-1'] });
        const dir = copyBundle('base');
        editCsv(dir, 'users.csv', (text) =>
          text.replace('usr-s-1,,,true,org-school-1,', 'usr-s-1,,,true,org-school-2,'),
        );
        return t.app.get(BundleImporter).importBundle(dir);
      },
    ],
    ['the pupil moves back', () => t.app.get(BundleImporter).importBundle(copyBundle('base'))],
    ['the scope shrinks to a site', () => tenants().update('delta', { orgs: ['org-site-1a'] })],
  ];

  it.each(changes)('ends with what a full sweep sees after: %s', async (_name, change) => {
    await tick();
    await change();
    expect(await client.sync()).toEqual(await fullSweep(api));
  });

  it('receives the changes of an import whose publication was still being written when it last read', async () => {
    const second = await secondImporter(t.db.url);
    try {
      let release = () => {};
      second.derivations.gate = new Promise<void>((resolve) => (release = resolve));
      const paused = new Promise<void>((resolve) => (second.derivations.onPause = resolve));
      const dir = copyBundle('base');
      editCsv(dir, 'users.csv', (text) => text.replace('Evelien,Poppe', 'Evelien,Claes'));
      const importing = second.importer.importBundle(dir);
      await paused;
      // The import's rows are written and stamped, not yet committed: this read sees the state before.
      await tick();
      const readAt = new Date().toISOString();
      const during = await readAll(api, 'users', `dateLastModified>'${readAt}'`);
      expect(during).toEqual([]);
      release();
      expect((await importing).applied).toBe(true);
      const after = await readAll(api, 'users', `dateLastModified>'${readAt}'`);
      expect(after.map((user) => user.sourcedId)).toContain('usr-t-1');
      expect(await client.sync()).toEqual(await fullSweep(api));
    } finally {
      await second.close();
    }
  });
});
