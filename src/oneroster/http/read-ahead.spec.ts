import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { Metrics } from '../../metrics/metrics';
import { PageGate } from './page-gate';
import { READ_AHEAD_KEPT_MS, ReadAhead } from './read-ahead';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function readAhead(pages: number, { database = 'postgres', gate = new PageGate(4), metrics = new Metrics() } = {}) {
  const config = { readAheadPages: pages } as AppConfig;
  return new ReadAhead(config, gate, { options: { type: database } } as DataSource, metrics);
}

/** The metric's count of pages read ahead by outcome. */
async function outcomes(metrics: Metrics): Promise<Record<string, number>> {
  const metric = await metrics.registry.getSingleMetric('oneroster_pages_read_ahead_total')!.get();
  return Object.fromEntries(metric.values.map(({ labels, value }) => [String(labels.outcome), value]));
}

describe('ReadAhead', () => {
  afterEach(() => vi.useRealTimers());

  it('hands a page read ahead to the one request that takes its key', async () => {
    const ahead = readAhead(2);
    ahead.start('next', async () => 'page 2');
    expect(await ahead.take('other')).toBeUndefined();
    expect(await ahead.take('next')).toBe('page 2');
    expect(await ahead.take('next')).toBeUndefined();
  });

  it('hands over nothing for a read that failed or refused its page', async () => {
    const ahead = readAhead(2);
    ahead.start('failed', () => Promise.reject(new Error('connection lost')));
    ahead.start('refused', async () => undefined);
    expect(await ahead.take('failed')).toBeUndefined();
    expect(await ahead.take('refused')).toBeUndefined();
  });

  it('reads nothing ahead on SQLite, or with READ_AHEAD_PAGES=0', async () => {
    for (const ahead of [readAhead(2, { database: 'better-sqlite3' }), readAhead(0)]) {
      const read = vi.fn(async () => 'page');
      ahead.start('next', read);
      expect(read).not.toHaveBeenCalled();
      expect(await ahead.take('next')).toBeUndefined();
    }
  });

  it('holds READ_AHEAD_PAGES at most: a page read and not taken gives up its place, one being read keeps it', async () => {
    const ahead = readAhead(2);
    let finish!: (page: string) => void;
    ahead.start('reading', () => new Promise<string>((resolve) => (finish = resolve)));
    ahead.start('read', async () => 'old page');
    await settle();
    ahead.start('newest', async () => 'new page');
    const refused = vi.fn(async () => 'page');
    ahead.start('refused', refused);
    expect(refused).not.toHaveBeenCalled();
    expect(await ahead.take('read')).toBeUndefined();
    expect(await ahead.take('newest')).toBe('new page');
    finish('page being read');
    expect(await ahead.take('reading')).toBe('page being read');
  });

  it('drops a page not asked for in time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const ahead = readAhead(2);
    ahead.start('next', async () => 'page');
    vi.setSystemTime(Date.now() + READ_AHEAD_KEPT_MS + 1);
    expect(await ahead.take('next')).toBeUndefined();
  });

  it('reads through the page gate, only when there is room and nobody waits, and leaves it once read', async () => {
    const gate = new PageGate(1);
    const ahead = readAhead(2, { gate });
    const leave = await gate.enter();
    const read = vi.fn(async () => 'page');
    ahead.start('full', read);
    expect(read).not.toHaveBeenCalled();
    leave();
    ahead.start('room', read);
    expect(gate.tryEnter()).toBeUndefined();
    expect(await ahead.take('room')).toBe('page');
    expect(gate.tryEnter()).toBeDefined();
  });

  it("reads outside the request that started it: its statements, logs and timings are not that request's", async () => {
    const request = new AsyncLocalStorage<string>();
    const ahead = readAhead(2);
    await request.run('request 1', async () => ahead.start('next', async () => request.getStore() ?? 'no request'));
    expect(await ahead.take('next')).toBe('no request');
  });

  it('counts what became of each page read ahead for the metrics', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const metrics = new Metrics();
    const ahead = readAhead(1, { metrics });
    ahead.start('taken', async () => 'page');
    await ahead.take('taken');
    ahead.start('refused', async () => undefined);
    await ahead.take('refused');
    ahead.start('expired', async () => 'page');
    vi.setSystemTime(Date.now() + READ_AHEAD_KEPT_MS + 1);
    ahead.start('evicting', async () => 'page');
    await settle();
    ahead.start('evicted', async () => 'page');
    expect(await outcomes(metrics)).toEqual({ taken: 1, refused: 1, dropped: 2 });
  });

  it('lets the reads under way end before the application shuts down, and starts none after', async () => {
    const ahead = readAhead(2);
    let finish!: (page: string) => void;
    ahead.start('reading', () => new Promise<string>((resolve) => (finish = resolve)));
    let shutDown = false;
    const shutdown = ahead.beforeApplicationShutdown().then(() => (shutDown = true));
    await settle();
    expect(shutDown).toBe(false);
    finish('page');
    await shutdown;
    const read = vi.fn(async () => 'page');
    ahead.start('after', read);
    expect(read).not.toHaveBeenCalled();
  });
});
