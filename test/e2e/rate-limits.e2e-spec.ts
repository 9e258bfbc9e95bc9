import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource, DataSourceOptions } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory';
import { CounterWindow, windowAt } from '../../src/auth/counter-store';
import { DatabaseCounters } from '../../src/auth/database-counters';
import { RateLimitCounterEntity } from '../../src/auth/rate-limit-counter.entity';
import { RateLimits } from '../../src/auth/rate-limits';
import { ClientsService } from '../../src/auth/clients.service';
import { MovableClock } from '../support/movable-clock';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor } from '../support/test-app';

const LIMITS = { TOKEN_FAILURES_PER_CLIENT: '4', TOKEN_FAILURES_PER_ADDRESS: '6', API_REQUESTS_PER_MINUTE: '60' };
// 20 s into a minute and 5 min 20 s into a 15-minute failure window: the waits are 40 s and 580 s.
const INSIDE_WINDOWS = '2026-11-23T10:05:20.000Z';
const NOW = new Date(INSIDE_WINDOWS);
// Counters shared through the database serve several instances; SQLite is the one-instance default, counting in memory.
const onSqlite = !process.env.TEST_DATABASE_URL;
const ONE_TO_FORTY = Array.from({ length: 40 }, (_, i) => i + 1);

/** 40 counts of one key at once, all in a window that has no row yet; the counts they return, in order. */
async function raceOf(counters: DatabaseCounters, key: string): Promise<number[]> {
  const window = windowAt(NOW, 60);
  const counts = await Promise.all(ONE_TO_FORTY.map(() => counters.add(key, window, NOW)));
  expect(await counters.count(key, window)).toBe(40);
  return counts.sort((a, b) => a - b);
}

/** SQL Server's insert (no ON CONFLICT DO NOTHING) on PostgreSQL: a lost race breaks the primary key. */
class PlainInsertCounters extends DatabaseCounters {
  override insertQuery(key: string, window: CounterWindow) {
    return super.insertQuery(key, window).orIgnore(false);
  }
}

describe('rate-limit counting (in memory on SQLite, in rate_limit_counters on a server database)', () => {
  const clock = new MovableClock(new Date(INSIDE_WINDOWS));
  let t: TestApp;
  let limits: RateLimits;
  beforeAll(async () => {
    t = await startTestApp(LIMITS, undefined, clock);
    limits = t.app.get(RateLimits);
  });
  afterAll(() => t?.close());

  it('blocks a client id at one address once it reaches its failure limit there, until the 15-minute window ends', async () => {
    clock.set(INSIDE_WINDOWS);
    for (let n = 0; n < 3; n++) await limits.recordTokenFailure('client-a', '192.0.2.1');
    expect(await limits.tokenWaits('client-a', '192.0.2.1')).toEqual({ clientAtAddress: 0, address: 0 });
    await limits.recordTokenFailure('client-a', '192.0.2.1');
    expect(await limits.tokenWaits('client-a', '192.0.2.1')).toEqual({ clientAtAddress: 580, address: 0 });
    expect(await limits.tokenWaits('client-a', '192.0.2.2')).toEqual({ clientAtAddress: 0, address: 0 });
    expect(await limits.tokenWaits('client-b', '192.0.2.1')).toEqual({ clientAtAddress: 0, address: 0 });
    clock.set('2026-11-23T10:14:59.500Z');
    expect(await limits.tokenWaits('client-a', '192.0.2.1')).toEqual({ clientAtAddress: 1, address: 0 });
    clock.set('2026-11-23T10:15:00.000Z');
    expect(await limits.tokenWaits('client-a', '192.0.2.1')).toEqual({ clientAtAddress: 0, address: 0 });
  });

  it('blocks an address once it reaches its failure limit, whichever client ids it named, and no other address', async () => {
    clock.set(INSIDE_WINDOWS);
    for (let n = 0; n < 6; n++) await limits.recordTokenFailure(`guess-${n}`, '192.0.2.5');
    expect(await limits.tokenWaits('guess-0', '192.0.2.5')).toEqual({ clientAtAddress: 0, address: 580 });
    expect(await limits.tokenWaits(undefined, '192.0.2.5')).toEqual({ clientAtAddress: 0, address: 580 });
    expect(await limits.tokenWaits('guess-0', '192.0.2.6')).toEqual({ clientAtAddress: 0, address: 0 });
  });

  it("refuses API requests over the minute's limit until the next minute", async () => {
    clock.set(INSIDE_WINDOWS);
    const waits = [];
    for (let n = 0; n < 62; n++) waits.push(await limits.apiRequest('client-c'));
    expect(waits.slice(0, 60).every((wait) => wait === 0)).toBe(true);
    expect(waits.slice(60)).toEqual([40, 40]);
    clock.set('2026-11-23T10:06:00.000Z');
    expect(await limits.apiRequest('client-c')).toBe(0);
  });

  it('counts a long or unusual client id by its hash, as any other', async () => {
    clock.set(INSIDE_WINDOWS);
    for (const clientId of ['x'.repeat(300), 'nul\u0000in-id', 'é']) {
      for (let n = 0; n < 4; n++) await limits.recordTokenFailure(clientId, '192.0.2.3');
      const waits = async (id: string) => (await limits.tokenWaits(id, '192.0.2.3')).clientAtAddress;
      expect(await waits(clientId), clientId.slice(0, 10)).toBe(580);
      expect(await waits(`${clientId}y`)).toBe(0);
    }
  });

  it('keeps each client id and address pair apart, whatever an address forwarded by a proxy holds', async () => {
    clock.set(INSIDE_WINDOWS);
    for (let n = 0; n < 4; n++) await limits.recordTokenFailure('b/c', 'a');
    expect((await limits.tokenWaits('b/c', 'a')).clientAtAddress).toBe(580);
    expect((await limits.tokenWaits('c', 'a/b')).clientAtAddress).toBe(0);
  });

  it.skipIf(onSqlite)('adds up concurrent counts exactly, the first insert of a window raced by many', async () =>
    expect(await raceOf(new DatabaseCounters(t.dataSource), 'race')).toEqual(ONE_TO_FORTY),
  );

  it.skipIf(onSqlite)(
    "adds up exactly too where the insert that loses the race fails on the primary key (SQL Server's way)",
    async () => {
      // A DataSource of its own with no query log: each lost race is a failed INSERT that TypeORM would log.
      const quiet = new DataSource({ ...t.dataSource.options, logging: false } as DataSourceOptions);
      await quiet.initialize();
      try {
        expect(await raceOf(new PlainInsertCounters(quiet), 'race-plain')).toEqual(ONE_TO_FORTY);
        const tooLong = 'k'.repeat(129); // an insert that fails for a reason of its own is not mistaken for a race
        await expect(new PlainInsertCounters(quiet).add(tooLong, windowAt(NOW, 60), NOW)).rejects.toThrow(/too long/);
      } finally {
        await quiet.destroy();
      }
    },
  );

  it.skipIf(onSqlite)('deletes ended windows, at most once a minute per instance', async () => {
    const counters = new DatabaseCounters(t.dataSource);
    const at = (instant: string) => new Date(instant);
    const keys = async () =>
      (await t.dataSource.getRepository(RateLimitCounterEntity).findBy({})).map((row) => row.counterKey).sort();
    await t.dataSource.getRepository(RateLimitCounterEntity).clear();
    await counters.add('old', windowAt(at('2026-11-23T11:00:30Z'), 60), at('2026-11-23T11:00:30Z'));
    await counters.add('new', windowAt(at('2026-11-23T11:01:10Z'), 60), at('2026-11-23T11:01:10Z'));
    expect(await keys()).toEqual(['new', 'old']); // the old window ended, but the last prune was 40 s ago
    await counters.add('new', windowAt(at('2026-11-23T11:01:40Z'), 60), at('2026-11-23T11:01:40Z'));
    expect(await keys()).toEqual(['new']);
  });
});

describe.skipIf(onSqlite)('rate limits shared by two instances on one database', () => {
  const clock = new MovableClock(new Date(INSIDE_WINDOWS));
  let t: TestApp;
  let second: INestApplication;
  let instances: TestAgent[];
  beforeAll(async () => {
    t = await startTestApp(LIMITS, undefined, clock);
    second = await createApp({
      env: { DATABASE_URL: t.db.url, DEMO_DATA: 'false', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: '', ...LIMITS },
      clock,
    });
    instances = [t.app, second].map((app) => request.agent(app.getHttpServer()));
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const tokenRequest = (turn: number, secret: string) =>
    instances[turn % 2]
      .post('/oauth/token')
      .auth(t.credentials.clientId, secret)
      .type('form')
      .send('grant_type=client_credentials');

  it('blocks a client id at an address after the configured number of failures in total, not per instance', async () => {
    for (let turn = 0; turn < 3; turn++) await tokenRequest(turn, 'wrong').expect(401);
    await tokenRequest(3, t.credentials.clientSecret).expect(200); // 3 of 4: not yet
    await tokenRequest(4, 'wrong').expect(401); // the 4th failure: 2 on each instance
    for (const turn of [5, 6]) {
      const res = await tokenRequest(turn, t.credentials.clientSecret).expect(429);
      expect(res.body.error).toBe('slow_down');
      expect(res.headers['retry-after']).toBe('580');
    }
  });

  it('answers API requests over the per-minute limit, counted across both instances, with 429 and Retry-After', async () => {
    const client = await t.app.get(ClientsService).create(TEST_TENANT, 'sweeping');
    const bearer = `Bearer ${await tokenFor(instances[0], client)}`;
    const orgs = (turn: number) => instances[turn % 2].get(`${API}/orgs?limit=1`).set('Authorization', bearer);
    for (let turn = 0; turn < 60; turn++) await orgs(turn).expect(200);
    for (const turn of [60, 61]) {
      const res = await orgs(turn).expect(429);
      expect(res.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('server_busy');
      expect(res.headers['retry-after']).toBe('40');
    }
  });
});
