import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory';
import { ImportRunEntity } from '../../src/csv/import-run.entity';
import { DEMO_FEED, DEMO_TENANT } from '../../src/demo/demo-data.loader';
import { TenantEntity } from '../../src/tenancy/tenant.entity';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** Two instances starting at once on an empty (migrated) database, both told to load the demo board. */
describe('demo data with two instances starting together', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, DEMO_DATA: 'false', LOG_LEVEL: 'silent' };
    apps.push(...(await Promise.all([0, 1].map(() => createApp({ env: { ...env, DEMO_DATA: 'true' } })))));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  it('both come up; the board is imported once and the demo tenant created once', async () => {
    const dataSource = apps[0].get(DataSource);
    const runs = await dataSource.getRepository(ImportRunEntity).findBy({ feed: DEMO_FEED });
    expect(runs.map((run) => run.state)).toEqual(['applied']);
    expect(await dataSource.getRepository(TenantEntity).findBy({ id: DEMO_TENANT })).toHaveLength(1);
  });
});
