import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { dataSourceOptions, openDatabase } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';

export interface TestDatabase {
  /** DATABASE_URL for the app under test. */
  url: string;
  dialect: 'sqlite' | 'postgres' | 'mssql';
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, migrated as a deploy does before the servers start (unless `empty`): a copy
 * of the migrated SQLite template, or, when TEST_DATABASE_URL names a PostgreSQL server, a new schema there.
 */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl?.startsWith('mssql:')) return createSqlServerDatabase(serverUrl, empty);
  if (serverUrl) return createPostgresSchema(serverUrl, empty);
  const dir = mkdtempSync(join(tmpdir(), 'oneroster-e2e-'));
  const path = join(dir, 'test.sqlite');
  if (!empty) copyFileSync(inject('templateDatabase'), path);
  return {
    url: `sqlite:${path}`,
    dialect: 'sqlite',
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgresSchema(serverUrl: string, empty: boolean): Promise<TestDatabase> {
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const admin = new DataSource(dataSourceOptions(parseDatabaseUrl(serverUrl), []));
  await admin.initialize();
  await admin.createQueryRunner().createSchema(schema, true);
  const url = new URL(serverUrl);
  url.searchParams.set('schema', schema);
  if (!empty) await (await openDatabase(parseDatabaseUrl(url.toString()), ENTITIES)).destroy();
  return {
    url: url.toString(),
    dialect: 'postgres',
    drop: async () => {
      await admin.createQueryRunner().dropSchema(schema, true, true);
      await admin.destroy();
    },
  };
}

/**
 * A new database on the SQL Server that TEST_DATABASE_URL names (connected to `master`), with READ_COMMITTED_SNAPSHOT
 * on as production needs it. Written for the CI workflow's SQL Server leg: no SQL Server runs on our machines.
 * CREATE/ALTER/DROP DATABASE are database settings, with no query-builder form.
 */
async function createSqlServerDatabase(serverUrl: string, empty: boolean): Promise<TestDatabase> {
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  const admin = new DataSource(dataSourceOptions(parseDatabaseUrl(serverUrl), []));
  await admin.initialize();
  await admin.createQueryRunner().createDatabase(name, true);
  await admin.query(`ALTER DATABASE [${name}] SET READ_COMMITTED_SNAPSHOT ON`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (!empty) await (await openDatabase(parseDatabaseUrl(url.toString()), ENTITIES)).destroy();
  return {
    url: url.toString(),
    dialect: 'mssql',
    drop: async () => {
      await admin.query(`ALTER DATABASE [${name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE`);
      await admin.createQueryRunner().dropDatabase(name, true);
      await admin.destroy();
    },
  };
}

export interface OpenTestDatabase {
  dataSource: DataSource;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** A fresh migrated database, opened as the app opens it: for tests of what runs below the HTTP API. */
export async function openTestDatabase(): Promise<OpenTestDatabase> {
  const db = await createTestDatabase();
  const dataSource = await openDatabase(parseDatabaseUrl(db.url), ENTITIES);
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

/** A fresh migrated database for the enclosing `describe` (opened before its tests, dropped after them). */
export function useTestDatabase(): { readonly dataSource: DataSource } {
  let db: OpenTestDatabase | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db?.close());
  return {
    get dataSource() {
      if (!db) throw new Error('the test database opens before the tests');
      return db.dataSource;
    },
  };
}
