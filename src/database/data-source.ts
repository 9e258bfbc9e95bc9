import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DatabaseSettings } from '../config/database-url';
import { MIGRATIONS } from './migrations';
import { migrate } from './migrator';

/** The mapped entity classes; the app's composition root (src/entities.ts) owns the list. */
export type EntityClasses = NonNullable<DataSourceOptions['entities']>;

/**
 * Every PostgreSQL session runs without JIT compilation. PostgreSQL compiles a statement whose estimated cost passes
 * jit_above_cost, and an import's set-based UPDATEs (correlated subqueries over every row of a table) pass it
 * however few rows they touch: compiling took 0.75 s of a 1% re-import's 0.9 s of derived columns at 20,000
 * students (enrollments' school-year spans 554 ms, 103 ms without; users' first begin dates 295 ms, 47 ms without).
 */
const POSTGRES_SESSION = '-c jit=off';

/** The one place that turns DATABASE_URL settings into TypeORM options, for every dialect. */
export function dataSourceOptions(db: DatabaseSettings, entities: EntityClasses): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: db.logging ? ('all' as const) : (['error'] as ['error']),
  };
  switch (db.type) {
    case 'sqlite':
      if (db.path !== ':memory:') mkdirSync(dirname(db.path!), { recursive: true });
      return { ...common, type: 'better-sqlite3', database: db.path!, enableWAL: true };
    case 'postgres':
      return {
        ...common,
        type: 'postgres',
        host: db.host,
        port: db.port,
        username: db.username,
        password: db.password,
        database: db.database,
        schema: db.schema,
        ssl: db.options.sslmode === 'require' ? { rejectUnauthorized: false } : undefined,
        connectTimeoutMS: db.connectTimeoutMs,
        extra: {
          // The operator's PGOPTIONS (which node-postgres reads only when no options are given) come after: theirs win.
          options: [POSTGRES_SESSION, db.sessionOptions].filter(Boolean).join(' '),
          ...(db.requestTimeoutMs && { statement_timeout: db.requestTimeoutMs }),
        },
      };
    case 'mssql':
      return {
        ...common,
        type: 'mssql',
        host: db.host!,
        port: db.port,
        username: db.username,
        password: db.password,
        database: db.database,
        schema: db.schema,
        // The driver's own default is 15 s for every statement: no limit unless configured (imports set none).
        requestTimeout: db.requestTimeoutMs ?? 0,
        connectionTimeout: db.connectTimeoutMs,
        options: {
          encrypt: db.options.encrypt !== 'false',
          trustServerCertificate: db.options.trustServerCertificate === 'true',
        },
      };
  }
}

/** Opens a DataSource and brings its schema up to date. */
export async function openDatabase(db: DatabaseSettings, entities: EntityClasses): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(db, entities));
  await dataSource.initialize();
  await migrate(dataSource);
  return dataSource;
}
