import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageGate } from '../../src/oneroster/http/page-gate';
import { API, startTestApp, TestApp } from '../support/test-app';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * List pages are served PAGES_AT_ONCE at a time through one gate for the whole server; the others wait. Every
 * response lets the next one in, an error as well: a page that kept its place would leave the next waiting for ever.
 */
describe('list pages served a few at once (PAGES_AT_ONCE=1)', () => {
  let t: TestApp;
  let gate: PageGate;
  let entered = 0;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'true', PAGES_AT_ONCE: '1' });
    gate = t.app.get(PageGate);
    const enter = gate.enter.bind(gate);
    gate.enter = () => {
      entered++;
      return enter();
    };
  });
  afterAll(() => t?.close());

  it('go through one gate for every collection, each answered in full; a single record does not queue', async () => {
    const collections = ['users', 'classes', 'enrollments', 'orgs', 'academicSessions', 'users'];
    const pages = await Promise.all(collections.map((name) => t.http.get(`${API}/${name}?limit=500`).expect(200)));
    pages.forEach((page, index) => {
      const total = Number(page.headers['x-total-count']);
      expect(page.body[collections[index]]).toHaveLength(Math.min(500, total));
    });
    expect(entered).toBe(collections.length);
    const single = (await t.http.get(`${API}/users?limit=1`).expect(200)).body.users[0].sourcedId;
    await t.http.get(`${API}/users/${single}`).expect(200);
    expect(entered).toBe(collections.length + 1);
  });

  it('wait while the gate is full, and are served once a place frees', async () => {
    const leave = await gate.enter(); // the one place, taken
    let answered = false;
    const page = t.http
      .get(`${API}/enrollments?limit=5`)
      .expect(200)
      .then(() => (answered = true));
    await pause(300);
    expect(answered).toBe(false);
    leave();
    await page;
    expect(answered).toBe(true);
  });

  it('let the next page in after a refused request', async () => {
    await t.http.get(`${API}/users?filter=${encodeURIComponent("nonsense~'x'")}`).expect(400);
    const leave = await Promise.race([gate.enter(), pause(1000).then(() => undefined)]);
    expect(leave, 'the refused request kept its place').toBeDefined();
    leave?.();
  });
});
