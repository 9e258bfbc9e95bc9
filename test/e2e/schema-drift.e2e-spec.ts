import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { OpenTestDatabase, openTestDatabase } from '../support/test-database';

describe('migrations', () => {
  let db: OpenTestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await openTestDatabase();
    dataSource = db.dataSource;
  });
  afterAll(() => db?.close());

  it('leave nothing for the entities to change (no drift)', async () => {
    const log = await dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
