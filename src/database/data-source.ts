import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { DatabaseSettings } from '../config/database-url';
import { MIGRATIONS } from './migrations';
import { migrate } from './migrator';

/** The mapped entity classes; the app's composition root (src/entities.ts) owns the list. */
export type EntityClasses = NonNullable<DataSourceOptions['entities']>;

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
        extra: db.requestTimeoutMs ? { statement_timeout: db.requestTimeoutMs } : undefined,
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
