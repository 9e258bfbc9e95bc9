import { Parser } from 'node-sql-parser';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { ENTITIES } from '../../src/entities';

/**
 * An SQL Server DataSource with its metadata built but no connection: it can build, not run, SQL. With `schema`, the
 * SQL names tables in it, as TypeORM does when the URL sets one.
 */
export async function offlineSqlServer(schema?: string): Promise<DataSource> {
  const dataSource = new DataSource(
    dataSourceOptions(
      {
        type: 'mssql',
        host: 'sqlserver.invalid',
        port: 1433,
        database: 'oneroster',
        schema,
        options: {},
        logging: false,
      },
      ENTITIES,
    ),
  );
  // buildMetadatas is what initialize() does after connecting; calling it alone needs no server.
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return dataSource;
}

const parser = new Parser();

/**
 * Parses a statement as T-SQL. TypeORM's @0 parameters are renamed so the parser knows them as
 * variables, and `LIKE … ESCAPE '\'` (valid T-SQL that node-sql-parser's grammar lacks) loses its
 * ESCAPE clause; tests assert that clause separately.
 */
export function parseTransactSql(sql: string) {
  const parsable = sql.replace(/@(\d+)/g, '@p$1').replace(/ ESCAPE '\\'/g, '');
  return parser.astify(parsable, { database: 'TransactSQL' });
}

export function parameterCount(sql: string): number {
  return new Set(sql.match(/@\d+/g) ?? []).size;
}
