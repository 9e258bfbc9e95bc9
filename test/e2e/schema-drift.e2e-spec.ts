import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { openDatabase } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(parseDatabaseUrl(db.url), ENTITIES);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('leave nothing for the entities to change (no drift)', async () => {
    const log = await dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
