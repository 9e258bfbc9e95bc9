import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/test-database';

describe('migrations', () => {
  const db = useTestDatabase();

  it('leave nothing for the entities to change (no drift)', async () => {
    const log = await db.dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are all applied', async () => {
    expect(await db.dataSource.showMigrations()).toBe(false);
  });
});
