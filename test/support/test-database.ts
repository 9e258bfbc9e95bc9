import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { dataSourceOptions } from '../../src/database/data-source';

export interface TestDatabase {
  /** DATABASE_URL for the app under test. */
  url: string;
  dialect: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: a copy of the migrated SQLite template, or, when
 * TEST_DATABASE_URL names a PostgreSQL server, a new empty schema there (migrated by the app).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) return createPostgresSchema(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'oneroster-e2e-'));
  const path = join(dir, 'test.sqlite');
  copyFileSync(inject('templateDatabase'), path);
  return {
    url: `sqlite:${path}`,
    dialect: 'sqlite',
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgresSchema(serverUrl: string): Promise<TestDatabase> {
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const admin = new DataSource(dataSourceOptions(parseDatabaseUrl(serverUrl), []));
  await admin.initialize();
  await admin.createQueryRunner().createSchema(schema, true);
  const url = new URL(serverUrl);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    dialect: 'postgres',
    drop: async () => {
      await admin.createQueryRunner().dropSchema(schema, true, true);
      await admin.destroy();
    },
  };
}
