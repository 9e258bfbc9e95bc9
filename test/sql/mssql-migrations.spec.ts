import { beforeAll, describe, expect, it } from 'vitest';
import { EXACT_COLLATION } from '../../src/database/migrations/column-types';
import { SOURCED_ID_COLUMNS } from '../../src/database/migrations/1763800000014-exact-keys';
import { DEPARTURE_SOURCED_ID_COLUMNS } from '../../src/database/migrations/1763800000016-create-tenant-departures';
import { parseTransactSql } from './mssql-dialect';
import { OfflineMigrationRun, runMigrationsOffline } from './offline-migrations';

/** SQL Server's limit for a clustered index key, which a primary key is. */
const CLUSTERED_KEY_BYTES = 900;

describe('the migrations on SQL Server (run offline, statements recorded)', () => {
  let run: OfflineMigrationRun;
  beforeAll(async () => {
    run = await runMigrationsOffline();
  });
  const alterations = () => run.statements.filter((sql) => / ALTER COLUMN /.test(sql));
  const finalTypeOf = (table: string, column: string, declared: string, length: string) => {
    const altered = alterations().findLast((sql) => sql.includes(`"dbo"."${table}" ALTER COLUMN "${column}" `));
    return altered ? altered.split(`"${column}" `)[1] : `${declared}(${length})`;
  };

  it('make every sourcedId column varchar in a binary UTF-8 collation, keeping its nullability', () => {
    for (const [table, columns] of Object.entries(SOURCED_ID_COLUMNS)) {
      for (const column of columns) {
        const nullable = run.tables.get(table)!.findColumnByName(column)!.isNullable;
        expect(finalTypeOf(table, column, '', ''), `${table}.${column}`).toBe(
          `varchar(255) COLLATE ${EXACT_COLLATION} ${nullable ? 'NULL' : 'NOT NULL'}`,
        );
      }
    }
  });

  it('create the later tables with their sourcedId columns varchar in a binary UTF-8 collation', () => {
    for (const [table, columns] of Object.entries(DEPARTURE_SOURCED_ID_COLUMNS)) {
      const made = run.statements.filter((sql) => sql.startsWith(`CREATE TABLE "dbo"."${table}"`)).at(-1)!;
      expect(() => parseTransactSql(made), made).not.toThrow();
      for (const column of columns)
        expect(made, `${table}.${column}`).toMatch(
          new RegExp(`"${column}" varchar\\(255\\) COLLATE ${EXACT_COLLATION}( NOT NULL)?[,)]`),
        );
    }
  });

  it('alter columns in valid T-SQL', () => {
    expect(alterations().length).toBeGreaterThan(40);
    for (const sql of alterations()) expect(() => parseTransactSql(sql), sql).not.toThrow();
  });

  it('leave no ntext column: JSON is nvarchar(max)', () => {
    for (const [name, table] of run.tables) {
      for (const column of table.columns.filter((c) => c.type === 'ntext'))
        expect(finalTypeOf(name, column.name, '', ''), `${name}.${column.name}`).toMatch(/^nvarchar\(max\) /);
    }
  });

  it('keep every primary key within the 900 bytes of a clustered key', () => {
    const bytesOf = (table: string, column: { name: string; type: string; length: string }) => {
      const type = finalTypeOf(table, column.name, column.type, column.length);
      const sized = /^(n?varchar)\((\d+)\)/.exec(type);
      if (sized) return Number(sized[2]) * (sized[1] === 'nvarchar' ? 2 : 1);
      return { int: 4, bigint: 8, bit: 1 }[column.type] ?? Infinity;
    };
    for (const [name, table] of run.tables) {
      const bytes = table.primaryColumns.reduce((sum, column) => sum + bytesOf(name, column), 0);
      expect(bytes, `primary key of ${name}`).toBeLessThanOrEqual(CLUSTERED_KEY_BYTES);
    }
  });

  it('alter no column while an index or the primary key uses it', () => {
    const statements = run.statements;
    for (const [index, sql] of statements.entries()) {
      const altered = / ALTER COLUMN "(\w+)" /.exec(sql);
      if (!altered) continue;
      const table = /ALTER TABLE "dbo"\."(\w+)"/.exec(sql)![1];
      const dropped = statements.slice(0, index).reverse();
      const keyed = [
        ...run.tables.get(table)!.indices,
        { columnNames: run.tables.get(table)!.primaryColumns.map((c) => c.name) },
      ];
      for (const key of keyed.filter((k) => k.columnNames.includes(altered[1]))) {
        const name = 'name' in key ? key.name : 'PK_';
        expect(
          dropped.some(
            (earlier) => earlier.includes(`DROP INDEX "${name}"`) || earlier.includes(`DROP CONSTRAINT "${name}`),
          ),
          `${table}.${altered[1]} altered under ${name}`,
        ).toBe(true);
      }
    }
  });

  it('number staging references within their import: no identity left to overflow', () => {
    const made = run.statements.filter((sql) => sql.startsWith('CREATE TABLE "dbo"."import_references"')).at(-1)!;
    expect(made).not.toMatch(/IDENTITY/);
    expect(made).toMatch(/PRIMARY KEY \("import_id", "id"\)/);
  });
});
