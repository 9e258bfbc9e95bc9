import { createWriteStream, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { ImportQueue } from '../../src/admin/import-queue';
import { acquireImportLock } from '../../src/csv/import-lock';
import { ImportRunEntity } from '../../src/csv/import-run.entity';
import { ADMIN, adminAgent, problem } from '../support/admin';
import { dumpRostering, FIXTURES, withoutOnePupil, zipBundle } from '../support/bundles';
import { API, startTestApp, TestApp } from '../support/test-app';

const MB = 1024 * 1024;

async function zipBomb(): Promise<string> {
  const zip = new ZipFile();
  zip.addFile(join(FIXTURES, 'base', 'manifest.csv'), 'manifest.csv');
  zip.addBuffer(Buffer.alloc(20 * MB, 0x61), 'users.csv');
  zip.end();
  const path = join(mkdtempSync(join(tmpdir(), 'bomb-')), 'bomb.zip');
  await finished(zip.outputStream.pipe(createWriteStream(path)));
  return path;
}

describe('bundles pushed over the admin API', () => {
  let t: TestApp;
  let pusher: TestAgent;
  let admin: TestAgent;
  let uploads: string;

  const push = (zipPath: string, feed = 'default') =>
    pusher.post(`${ADMIN}/feeds/${feed}/imports`).set('Content-Type', 'application/zip').send(readFileSync(zipPath));
  const show = async (id: string) => (await pusher.get(`${ADMIN}/imports/${id}`).expect(200)).body;
  const settled = async (id: string) => {
    for (;;) {
      const run = await show(id);
      if (run.status !== 'queued' && run.status !== 'running') return run;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const runCount = () => t.dataSource.getRepository(ImportRunEntity).count();
  /** Everything stored but the request counters, which count these requests too (in the database on PostgreSQL). */
  const stored = async () => {
    const { rate_limit_counters: _counters, ...rest } = await dumpRostering(t.dataSource);
    return [rest, await runCount()];
  };

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), 'uploads-'));
    t = await startTestApp({
      IMPORT_UPLOAD_DIR: uploads,
      IMPORT_UPLOAD_MAX_MB: '1',
      IMPORT_GUARD_PERCENT: '20',
      IMPORT_GUARD_MINIMUM: '0',
    });
    pusher = await adminAgent(t, ['import']);
    admin = await adminAgent(t, ['admin.read', 'admin.write']);
  });
  afterAll(() => t?.close());

  it('imports a pushed zip in the background: 202 with its id, then published and served', async () => {
    const res = await push(await zipBundle(join(FIXTURES, 'base'))).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'queued', href: `${ADMIN}/imports/${res.body.id}` });
    expect(res.headers.location).toBe(res.body.href);
    const run = await settled(res.body.id);
    expect(run).toMatchObject({
      id: res.body.id,
      feed: 'default',
      state: 'applied',
      status: 'published',
      pushedBy: expect.any(String),
      error: null,
      summary: { files: { users: { mode: 'bulk', rows: 5, inserted: 5 } }, errors: 0, problems: [] },
    });
    expect(run.summary.phaseSeconds).toHaveProperty(['staging users']);
    expect(run).not.toHaveProperty('uploadPath');
    expect((await t.http.get(`${API}/users`).expect(200)).headers['x-total-count']).toBe('5');
    // The worker removes the bundle's folder once the run is recorded.
    await expect.poll(() => readdirSync(uploads).filter((name) => name !== 'incoming')).toEqual([]);
  });

  it('runs a second push after the first: both wait while another import holds the lock', async () => {
    const lock = await acquireImportLock(t.dataSource);
    const zip = await zipBundle(join(FIXTURES, 'base'));
    const first = (await push(zip).expect(202)).body.id as string;
    const second = (await push(zip).expect(202)).body.id as string;
    expect([(await show(first)).status, (await show(second)).status]).toEqual(['queued', 'queued']);
    await lock.release();
    t.app.get(ImportQueue).kick();
    const [a, b] = [await settled(first), await settled(second)];
    expect([a.status, b.status]).toEqual(['published', 'published']);
    expect(b.startedAt >= a.finishedAt).toBe(true);
    expect(a.queuedAt <= b.queuedAt).toBe(true);
  });

  it('takes the CSV files as multipart/form-data', async () => {
    const dir = join(FIXTURES, 'base');
    let req = pusher.post(`${ADMIN}/feeds/default/imports`);
    for (const name of readdirSync(dir)) req = req.attach('files', join(dir, name));
    const res = await req.expect(202);
    expect(await settled(res.body.id)).toMatchObject({ status: 'published' });
  });

  it('holds an import over the guard; an admin approves it over the API and it is published', async () => {
    const id = (await push(await zipBundle(withoutOnePupil())).expect(202)).body.id;
    const held = await settled(id);
    expect(held).toMatchObject({ state: 'held', status: 'held', diff: { held: true } });
    await pusher.post(`${ADMIN}/imports/${id}/approve`).expect(403);
    const approved = await admin.post(`${ADMIN}/imports/${id}/approve`).expect(200);
    expect(approved.body).toMatchObject({ importId: id, applied: true });
    expect(await show(id)).toMatchObject({ status: 'published' });
    expect((await t.http.get(`${API}/users/usr-s-3`).expect(200)).body.user.status).toBe('tobedeleted');
  });

  it('refuses a body over the cap, a body that is no zip, a zip bomb and a wrong type, and changes nothing', async () => {
    const before = await stored();
    const big = await pusher
      .post(`${ADMIN}/feeds/default/imports`)
      .set('Content-Type', 'application/zip')
      .send(Buffer.alloc(2 * MB, 1))
      .expect(413);
    expect(big.body).toEqual(problem(413, 'the bundle is larger than 1 MB (IMPORT_UPLOAD_MAX_MB)'));
    const text = await pusher
      .post(`${ADMIN}/feeds/default/imports`)
      .set('Content-Type', 'application/zip')
      .send(Buffer.from('orgs.csv is not a zip'))
      .expect(400);
    expect(text.body).toEqual(problem(400, /^the pushed bundle: not a readable zip file/));
    const bomb = await push(await zipBomb()).expect(400);
    expect(bomb.body).toEqual(problem(400, /users\.csv is compressed \d+ to 1, .*refused as a zip bomb$/));
    await pusher.post(`${ADMIN}/feeds/default/imports`).set('Content-Type', 'text/plain').send('x').expect(415);
    await push(await zipBundle(join(FIXTURES, 'base')), 'Bad Feed!').expect(400);
    const oddFile = await pusher.post(`${ADMIN}/feeds/default/imports`).attach('f', Buffer.from('x'), '../x.sh');
    expect(oddFile.status).toBe(400);
    expect(await stored()).toEqual(before);
    expect(readdirSync(uploads).filter((name) => name !== 'incoming')).toEqual([]);
    expect(readdirSync(join(uploads, 'incoming'))).toEqual([]);
  });

  it('lets a push-only client follow its imports but not read tenants', async () => {
    await pusher.get(`${ADMIN}/tenants`).expect(403);
    await pusher.get(`${ADMIN}/imports`).expect(403);
  });
});
