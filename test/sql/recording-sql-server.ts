import { DataSource, ObjectLiteral, QueryRunner, Table } from 'typeorm';
import { offlineSqlServer } from './mssql-dialect';
import { Mssql, MssqlTable } from '../../src/database/bulk-insert';

/** An SQL Server DataSource with no server behind it, recording every statement the code sends. */
export interface RecordingSqlServer {
  dataSource: DataSource;
  statements: string[];
  /** Every bulk load the code sent (bulkInsert), with the table as mssql would declare it to the server. */
  bulkLoads: MssqlTable[];
  /** Rows to answer the statements that match `pattern` with (every other query answers with none). */
  answer(pattern: RegExp, rows: ObjectLiteral[]): void;
}

/**
 * Connection, transactions and the catalog are stood in for: the import lock is granted, snapshot reads are on, and a
 * table's definition is read from the entities (which the migrations match: test/e2e/schema-drift).
 */
export async function recordingSqlServer(): Promise<RecordingSqlServer> {
  const dataSource = await offlineSqlServer('dbo');
  const statements: string[] = [];
  const bulkLoads: MssqlTable[] = [];
  const driver = dataSource.driver as unknown as { mssql: Mssql };
  driver.mssql = {
    ...driver.mssql,
    Request: class {
      async bulk(table: MssqlTable) {
        bulkLoads.push(table);
      }
    },
  } as Mssql;
  const answers: [RegExp, ObjectLiteral[]][] = [
    [/sp_getapplock/, [{ taken: 1 }]],
    [/is_read_committed_snapshot_on/, [{ snapshot_reads: 1 }]],
  ];
  const rowsFor = (sql: string) => answers.find(([pattern]) => pattern.test(sql))?.[1] ?? [];
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  (dataSource as { createQueryRunner: () => QueryRunner }).createQueryRunner = () => {
    const runner = createQueryRunner();
    const state = runner as unknown as { isTransactionActive: boolean };
    Object.assign(runner, {
      connect: async () => undefined,
      release: async () => undefined,
      startTransaction: async () => void (state.isTransactionActive = true),
      commitTransaction: async () => void (state.isTransactionActive = false),
      rollbackTransaction: async () => void (state.isTransactionActive = false),
      loadTables: async (names: string[]) =>
        names.flatMap((name) => {
          const metadata = dataSource.entityMetadatas.find((m) => m.tableName === name.replace(/^.*\./, ''));
          return metadata ? [Table.create(metadata, dataSource.driver)] : [];
        }),
      query: async (sql: string, _parameters?: unknown[], structured?: boolean) => {
        if (sql.startsWith('SELECT SCHEMA_NAME()')) return [{ schema_name: 'dbo' }];
        if (sql.startsWith('SELECT DB_NAME()')) return [{ db_name: 'oneroster' }];
        statements.push(sql);
        const rows = rowsFor(sql);
        return structured ? { records: rows, raw: rows, affected: rows.length } : rows;
      },
    });
    return runner;
  };
  return { dataSource, statements, bulkLoads, answer: (pattern, rows) => answers.push([pattern, rows]) };
}

/** An entity as a raw row of `SELECT "<alias>"."<column>" AS "<alias>_<column>"`, as TypeORM reads it back. */
export function rawRow(dataSource: DataSource, entity: new () => object, alias: string, values: ObjectLiteral) {
  const metadata = dataSource.getMetadata(entity);
  return Object.fromEntries(
    metadata.columns.map((column) => [`${alias}_${column.databaseName}`, values[column.propertyName] ?? null]),
  );
}
