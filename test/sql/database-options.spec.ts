import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source';

const SQL_SERVER = 'mssql://app:secret@sqlserver:1433/oneroster?encrypt=true';

describe('database options per dialect', () => {
  it('migrations run at start on the embedded SQLite file only, unless MIGRATIONS_RUN says otherwise', () => {
    expect(loadConfig({}).migrationsRun).toBe(true);
    expect(loadConfig({ DATABASE_URL: SQL_SERVER }).migrationsRun).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/oneroster' }).migrationsRun).toBe(false);
    expect(loadConfig({ DATABASE_URL: SQL_SERVER, MIGRATIONS_RUN: 'true' }).migrationsRun).toBe(true);
    expect(loadConfig({ MIGRATIONS_RUN: 'false' }).migrationsRun).toBe(false);
    expect(() => loadConfig({ MIGRATIONS_RUN: 'sometimes' })).toThrow('MIGRATIONS_RUN must be true or false');
  });

  it("SQL Server's request timeout is the configured one, never the driver's 15 s; none for the CLI", () => {
    const { database } = loadConfig({ DATABASE_URL: SQL_SERVER, DATABASE_CONNECT_TIMEOUT_MS: '5000' });
    expect(dataSourceOptions(database, [])).toMatchObject({ requestTimeout: 30000, connectionTimeout: 5000 });
    expect(dataSourceOptions({ ...database, requestTimeoutMs: undefined }, [])).toMatchObject({ requestTimeout: 0 });
  });

  it("PostgreSQL's statement_timeout is the configured one, none for the CLI; no JIT for either", () => {
    const { database } = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/oneroster',
      DATABASE_REQUEST_TIMEOUT_MS: '9000',
    });
    expect(dataSourceOptions(database, [])).toMatchObject({
      extra: { statement_timeout: 9000 },
      connectTimeoutMS: 15000,
    });
    const cli = dataSourceOptions({ ...database, requestTimeoutMs: undefined }, []) as { extra: object };
    expect(cli.extra).not.toHaveProperty('statement_timeout');
    // Every session without JIT compilation (see test/e2e/postgres-session.e2e-spec.ts).
    expect(cli.extra).toMatchObject({ options: '-c jit=off' });
  });

  it("keeps the operator's PGOPTIONS after ours, so that its settings win", () => {
    const { database } = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/oneroster',
      PGOPTIONS: '-c search_path=roster -c jit=on',
    });
    expect(dataSourceOptions(database, [])).toMatchObject({
      extra: { options: '-c jit=off -c search_path=roster -c jit=on' },
    });
  });
});
