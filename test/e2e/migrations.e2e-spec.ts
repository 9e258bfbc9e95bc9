import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory';
import { MIGRATIONS } from '../../src/database/migrations';
import { ExactKeys1763800000014 } from '../../src/database/migrations/1763800000014-exact-keys';
import { dataSourceOptions } from '../../src/database/data-source';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { ENTITIES } from '../../src/entities';
import { ImportReferenceEntity } from '../../src/csv/import-reference.entity';
import { SchemaOutOfDateError } from '../../src/database/migrator';
import { cliOn } from '../support/cli';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const QUIET = { DEMO_DATA: 'false', LOG_LEVEL: 'silent' };

describe('migrations run once per deploy', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await db?.drop();
  });
  const migrationNames = async (app: INestApplication) =>
    (await new MigrationExecutor(app.get(DataSource)).getExecutedMigrations()).map((migration) => migration.name);

  it('a server not told to migrate refuses a schema it is ahead of, with one line saying what to do', async () => {
    db = await createTestDatabase({ empty: true });
    const refused = createApp({ env: { ...QUIET, DATABASE_URL: db.url, MIGRATIONS_RUN: 'false' } });
    await expect(refused).rejects.toThrow(SchemaOutOfDateError);
    await expect(refused).rejects.toThrow(
      /^the database schema is older than this version: run `npm run cli -- migrate`/,
    );
  });

  it('`migrate` started twice at once: one runs every migration, the other waits and finds nothing to do', async () => {
    db = await createTestDatabase({ empty: true });
    const cli = cliOn(db.url, mkdtempSync(join(tmpdir(), 'migrate-')));
    const results = await Promise.all([cli(['migrate', '--json']), cli(['migrate', '--json'])]);
    expect(results.map((result) => [result.code, result.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    const ran = results.map((result) => (JSON.parse(result.stdout) as { ran: string[] }).ran.length).sort();
    expect(ran).toEqual([0, MIGRATIONS.length]);
    apps.push(await createApp({ env: { ...QUIET, DATABASE_URL: db.url, MIGRATIONS_RUN: 'false' } }));
    expect(await migrationNames(apps[0])).toHaveLength(MIGRATIONS.length);
  });

  it('two servers told to migrate, started together on an empty database, both come up; each migration ran once', async () => {
    db = await createTestDatabase({ empty: true });
    const env = { ...QUIET, DATABASE_URL: db.url, MIGRATIONS_RUN: 'true' };
    apps.push(...(await Promise.all([createApp({ env }), createApp({ env })])));
    expect((await migrationNames(apps[0])).sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
  });

  it.skipIf(process.env.TEST_DATABASE_URL)(
    'on the embedded SQLite file the server migrates at start by default (the Quickstart)',
    async () => {
      db = await createTestDatabase({ empty: true });
      apps.push(await createApp({ env: { ...QUIET, DATABASE_URL: db.url } }));
      expect(await migrationNames(apps[0])).toHaveLength(MIGRATIONS.length);
    },
  );

  it('the upgrade that renumbers staging references refuses while a held import still has some, and says why', async () => {
    db = await createTestDatabase({ empty: true });
    const settings = parseDatabaseUrl(db.url);
    const before = MIGRATIONS.findIndex((migration) => migration === ExactKeys1763800000014);
    const older = new DataSource({ ...dataSourceOptions(settings, ENTITIES), migrations: MIGRATIONS.slice(0, before) });
    await older.initialize();
    try {
      await older.runMigrations();
      const reference = {
        importId: 'held',
        entityType: 'users',
        line: 2,
        sourcedId: 'u-1',
        columnName: 'orgSourcedIds',
        targetType: 'org',
        targetSourcedId: 'org-1',
      };
      await older.createQueryBuilder().insert().into(ImportReferenceEntity).values(reference).execute();
      const cli = cliOn(db.url, mkdtempSync(join(tmpdir(), 'migrate-')));
      const refused = await cli(['migrate']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: a held import still has staging rows: approve or discard it/);
      await older.createQueryBuilder().delete().from(ImportReferenceEntity).execute();
      expect((await cli(['migrate'])).stdout).toMatch(/^Ran \d+ migration\(s\): ExactKeys1763800000014/);
    } finally {
      await older.destroy();
    }
  });
});
