import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { Metrics } from '../../src/metrics/metrics';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { factories, T0 } from '../support/factories';
import { MovableClock } from '../support/movable-clock';
import { ReadAhead } from '../../src/oneroster/http/read-ahead';
import { bundleWithStudents } from '../support/bundles';
import { API, startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

const STUDENTS = Array.from({ length: 23 }, (_, i) => `u-${String(i + 1).padStart(3, '0')}`);
const LIMIT = 5;
/** On the sweep's second page (u-006 to u-010). */
const RENAMED = 'u-007';
const onServer = Boolean(process.env.TEST_DATABASE_URL);

interface User {
  sourcedId: string;
  givenName: string;
}

/**
 * A sweep's next page is read while the current one is sent, on databases read without blocking the server (see
 * ReadAhead); what a client is served must be what it would be served otherwise, in the state it asks in.
 */
describe('pages read ahead', () => {
  let t: TestApp;
  let importer: BundleImporter;
  /** Per page asked for: whether it was served from a page read ahead. */
  let taken: boolean[];
  /** The reads ahead started, in order. */
  let reads: Promise<unknown>[];
  /** What the next read ahead waits for before it reads (released at once unless a test holds it). */
  let holdNextRead: Promise<unknown>;

  beforeAll(async () => {
    // One base URL for every request (supertest serves each on a port of its own): it is part of a page's content.
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://sds.example' });
    importer = t.app.get(BundleImporter);
    const ahead = t.app.get(ReadAhead);
    const [take, start] = [ahead.take.bind(ahead), ahead.start.bind(ahead)];
    vi.spyOn(ahead, 'take').mockImplementation(async (key) => {
      const page = await take(key);
      taken.push(page !== undefined);
      return page;
    });
    vi.spyOn(ahead, 'start').mockImplementation((key, read) =>
      start(key, () => {
        const held = holdNextRead.then(read);
        reads.push(held);
        return held;
      }),
    );
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    expect((await importer.importBundle(bundleWithStudents(STUDENTS))).applied).toBe(true);
    [taken, reads, holdNextRead] = [[], [], Promise.resolve()];
  });

  const page = async (offset: number, limit = LIMIT): Promise<User[]> => {
    const filter = encodeURIComponent("status='active'");
    const res = await t.http.get(`${API}/users?offset=${offset}&limit=${limit}&filter=${filter}`).expect(200);
    return res.body.users as User[];
  };

  const pagesTaken = async () => {
    const metric = await t.app.get(Metrics).registry.getSingleMetric('oneroster_pages_read_ahead_total')!.get();
    return metric.values.find(({ labels }) => labels.outcome === 'taken')?.value ?? 0;
  };

  it('serves a sweep page for page as one page of everything, the pages after the first read ahead on a server database', async () => {
    const takenBefore = await pagesTaken();
    const swept: User[] = [];
    for (let offset = 0; ; offset += LIMIT) {
      const users = await page(offset);
      swept.push(...users);
      if (users.length < LIMIT) break;
    }
    expect(swept).toEqual(await page(0, 100));
    expect(swept.map((user) => user.sourcedId)).toEqual(STUDENTS);
    // Five pages: the first read, the next four read ahead.
    // Users are built by the database on SQLite, where no page is read ahead (nothing would overlap).
    expect(taken).toEqual(onServer ? [false, true, true, true, true, false] : []);
    expect((await pagesTaken()) - takenBefore).toBe(onServer ? 4 : 0);
  });

  it.skipIf(!onServer)('serves a page read ahead with only the fields asked for', async () => {
    const fields = (offset: number) =>
      t.http.get(`${API}/users?offset=${offset}&limit=${LIMIT}&fields=sourcedId,givenName`).expect(200);
    await fields(0);
    const second = (await fields(LIMIT)).body.users as Record<string, unknown>[];
    expect(second).toEqual(STUDENTS.slice(LIMIT, 2 * LIMIT).map((sourcedId) => ({ sourcedId, givenName: 'Pupil' })));
    expect(taken).toEqual([false, true]);
  });

  it('reads no page ahead of a sweep of changes: what it serves depends on the publication windows too', async () => {
    const since = encodeURIComponent("dateLastModified>'2000-01-01T00:00:00.000Z'");
    for (let offset = 0; offset < STUDENTS.length; offset += LIMIT)
      await t.http.get(`${API}/users?offset=${offset}&limit=${LIMIT}&filter=${since}`).expect(200);
    expect(reads).toEqual([]);
  });

  it.skipIf(!onServer)('reads the page again when an import landed after it was read ahead', async () => {
    await page(0);
    await Promise.all(reads);
    const renamed = bundleWithStudents(STUDENTS, (id) => (id === RENAMED ? 'Renamed' : 'Pupil'));
    expect((await importer.importBundle(renamed)).applied).toBe(true);
    const second = await page(LIMIT);
    expect(second.find((user) => user.sourcedId === RENAMED)?.givenName).toBe('Renamed');
    expect(taken).toEqual([false, false]);
  });

  it.skipIf(!onServer)('does not serve a page read ahead in a state that is no longer served', async () => {
    let release!: () => void;
    holdNextRead = new Promise<void>((resolve) => (release = resolve));
    await page(0);
    // The next page is asked for in the state the first was served in; an import lands while it is being read ahead.
    const asked = new Promise<void>((resolve) =>
      vi
        .mocked(t.app.get(ReadAhead).take)
        .mockImplementationOnce(async (key) => (resolve(), ReadAhead.prototype.take.call(t.app.get(ReadAhead), key))),
    );
    const second = page(LIMIT);
    await asked;
    const renamed = bundleWithStudents(STUDENTS, (id) => (id === RENAMED ? 'Renamed' : 'Pupil'));
    expect((await importer.importBundle(renamed)).applied).toBe(true);
    release();
    const served = await second;
    expect(served.map((user) => user.sourcedId)).toEqual(STUDENTS.slice(LIMIT, 2 * LIMIT));
    expect(await reads[0]).toBeUndefined();
    await Promise.all(reads);
  });
});

describe.skipIf(!onServer)('a page read ahead before midnight', () => {
  // Brussels is at UTC+2 in September: 22:00Z is midnight starting 15 Sept there, when e-3 begins.
  const [LAST_EVENING, MIDNIGHT] = ['2026-09-14T21:59:00.000Z', '2026-09-14T22:00:00.000Z'];
  const clock = new MovableClock(new Date(LAST_EVENING));
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://sds.example' }, undefined, clock);
    const make = factories(t.dataSource);
    await make.org('school');
    await make.session('year', { type: 'schoolYear', startDate: '2026-09-01', endDate: '2027-06-30' });
    await make.course('course', 'school');
    await make.class('class', { course: 'course', school: 'school', terms: ['year'] });
    for (const n of [1, 2, 3, 4, 5]) {
      await make.user(`pupil-${n}`, { orgs: ['school'] }, { role: 'student' });
      const beginDate = n === 3 ? '2026-09-15' : '2026-09-01';
      await make.enrollment(`e-${n}`, { user: `pupil-${n}`, class: 'class', school: 'school' }, { beginDate });
    }
    await t.app.get(Publisher).refresh(undefined, T0);
    await t.app.get(TenantsService).update(TEST_TENANT, { futureStudents: 'exclude' });
  });
  afterAll(() => t?.close());

  it('is not served after it: the calendar day is part of what a page is', async () => {
    const ids = async (offset: number) => {
      const res = await t.http.get(`${API}/enrollments?offset=${offset}&limit=2`).expect(200);
      return res.body.enrollments.map((enrollment: { sourcedId: string }) => enrollment.sourcedId) as string[];
    };
    expect(await ids(0)).toEqual(['e-1', 'e-2']);
    // Read ahead the evening before (e-4 and e-5, e-3 waiting for its begin date), whenever its read ends.
    clock.set(MIDNIGHT);
    expect(await ids(2)).toEqual(['e-3', 'e-4']);
  });
});
