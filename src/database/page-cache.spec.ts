import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPageCache } from './page-cache';

describe('withPageCache', () => {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
  const cacheSize = async () =>
    ((await dataSource.query('PRAGMA cache_size')) as { cache_size: number }[])[0].cache_size;
  beforeAll(() => dataSource.initialize());
  afterAll(() => dataSource.destroy());

  it('raises the SQLite page cache while the work runs and puts it back, even when the work fails', async () => {
    const before = await cacheSize();
    expect(await withPageCache(dataSource.manager, 64, async () => cacheSize())).toBe(-65536);
    expect(await cacheSize()).toBe(before);
    await expect(
      withPageCache(dataSource.manager, 32, () => Promise.reject(new Error('apply failed'))),
    ).rejects.toThrow('apply failed');
    expect(await cacheSize()).toBe(before);
  });
});
