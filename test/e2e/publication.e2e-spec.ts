import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantsService } from '../../src/tenants/tenants.service';
import { copyBundle, editCsv } from '../support/bundles';
import { MovableClock } from '../support/movable-clock';
import { SecondImporter, secondImporter } from '../support/second-importer';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor, withoutOrigin } from '../support/test-app';

const TODAY = '2026-11-20T08:00:00.000Z';
const dropLines =
  (...ids: string[]) =>
  (text: string) =>
    text
      .split('\n')
      .filter((line) => !ids.some((id) => line.startsWith(`${id},`)))
      .join('\n');

/** The base fixture without Atheneum Zuid's pupil, class and enrollment. */
function bundleBefore(): string {
  const dir = copyBundle('base');
  editCsv(dir, 'users.csv', dropLines('usr-s-3'));
  editCsv(dir, 'demographics.csv', dropLines('usr-s-3'));
  editCsv(dir, 'classes.csv', dropLines('class-1b-ned'));
  editCsv(dir, 'enrollments.csv', dropLines('enr-4'));
  return dir;
}

/** The whole base fixture, and a pupil whose first enrollment begins after the holidays. */
function bundleAfter(): string {
  const dir = copyBundle('base');
  editCsv(
    dir,
    'users.csv',
    (text) => `${text}usr-s-5,,,true,org-school-1,student,lena.p,,Lena,Peeters,,S0005,,,,,07,\n`,
  );
  editCsv(dir, 'enrollments.csv', (text) => `${text}enr-5,,,class-1a-wis,org-school-1,usr-s-5,student,,2027-01-15,\n`);
  return dir;
}

interface Poll {
  users: { sourcedId: string; role: string; username: string }[];
  classes: { sourcedId: string; title: string }[];
}

describe('publication: a reader sees a whole import or none of it', () => {
  let t: TestApp;
  let second: SecondImporter;
  const clock = new MovableClock(new Date(TODAY));
  const poll = async (): Promise<Poll> => {
    const [users, classes] = await Promise.all([
      t.http.get(`${API}/users?limit=100`).expect(200),
      t.http.get(`${API}/classes?limit=100`).expect(200),
    ]);
    return withoutOrigin({ users: users.body.users, classes: classes.body.classes }) as Poll;
  };
  const ids = (records: { sourcedId: string }[]) => records.map((record) => record.sourcedId).sort();

  beforeAll(async () => {
    t = await startTestApp({}, undefined, clock);
    await t.app.get(TenantsService).update(TEST_TENANT, {
      domain: 'school.example',
      classTitleFormat: '{classTitle} - {schoolName}',
      futureStudents: 'exclude',
    });
    second = await secondImporter(t.db.url);
    await second.importer.importBundle(bundleBefore(), { now: () => new Date('2026-11-19T22:00:00.000Z') });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('polls during a slow publication get tokens at once and see the state before: never new users without usernames, early pupils or SIS titles', async () => {
    const before = await poll();
    expect(ids(before.users)).toEqual(['usr-p-1', 'usr-s-1', 'usr-t-1']);
    second.derivations.pauseMs = 3000;
    let paused = false;
    let resumed = false;
    second.derivations.onPause = () => (paused = true);
    second.derivations.onResume = () => (resumed = true);
    const importing = second.importer.importBundle(bundleAfter(), { now: () => new Date('2026-11-20T07:00:00.000Z') });
    const during: Poll[] = []; // polls that ended while the publication was open
    let done = false;
    void importing.finally(() => (done = true));
    const waits: number[] = [];
    while (!done) {
      if (paused) {
        // A token and a page, timed: neither may wait for the import's open write transaction.
        const started = Date.now();
        await tokenFor(t.anonymous, t.credentials);
        const seen = await poll();
        // what a poll that ended before the pause did must be the state before; later ones may be either
        if (!resumed) during.push(seen);
        waits.push(Date.now() - started);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await importing).applied).toBe(true);
    const after = await poll();

    // Several polls within the pause (each a token and a page of every collection: slower on a loaded machine), and
    // none waited on the import's open transaction.
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...waits)).toBeLessThan(1000);
    for (const seen of during) expect(seen).toEqual(before);
    expect(ids(after.users)).toEqual(['usr-p-1', 'usr-s-1', 'usr-s-3', 'usr-t-1']);
    for (const seen of [before, after]) {
      for (const user of seen.users.filter((u) => u.role !== 'parent'))
        expect(user.username).toMatch(/^[a-z.]+@school\.example$/);
      for (const cls of seen.classes) expect(cls.title).toMatch(/ - (Sint-Jozefscollege|Atheneum Zuid)$/);
    }
    expect(ids(after.classes)).toEqual(['class-1a-wis', 'class-1b-ned']);
  });

  it('a delta client that read while an import was written gets its changes at its next delta read', async () => {
    const renamed = bundleAfter();
    editCsv(renamed, 'users.csv', (text) => text.replace('usr-s-1,,,true,org-school-1,student,,,Zoë,', '$&Zoë-'));
    // After every instant written so far (the tenant's settings changed on the real clock: a floor of what it serves).
    const minutesOn = (minutes: number) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + minutes * 60_000);
    const importClock = new MovableClock(minutesOn(60));
    let release = () => {};
    let paused = () => {};
    const publishing = new Promise<void>((resolve) => (paused = resolve));
    Object.assign(second.derivations, {
      pauseMs: 0,
      onPause: () => paused(),
      onResume: undefined,
      gate: new Promise<void>((resolve) => (release = resolve)),
    });
    const importing = second.importer.importBundle(renamed, { now: () => importClock.now() });
    await publishing;
    // The client reads a minute after the import began writing, and asks next for what changed after that.
    const since = minutesOn(61).toISOString();
    const changedSince = async () => {
      const filter = encodeURIComponent(`dateLastModified>'${since}'`);
      const response = await t.http.get(`${API}/users?filter=${filter}`).expect(200);
      return (response.body.users as { sourcedId: string; dateLastModified: string }[]).map(
        ({ sourcedId, dateLastModified }) => ({ sourcedId, dateLastModified }),
      );
    };
    expect(await changedSince()).toEqual([]);
    importClock.set(minutesOn(62));
    release();
    expect((await importing).applied).toBe(true);
    second.derivations.gate = undefined;
    // Its record carries the instant the import began writing, before the client's read: the publication's window
    // (from then to a minute after the read) widens the filter to its opening.
    expect(await changedSince()).toEqual([{ sourcedId: 'usr-s-1', dateLastModified: minutesOn(60).toISOString() }]);
  });
});
