import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyText, Mssql, sqlServerTable } from './bulk-insert';
import { offlineSqlServer } from '../../test/sql/mssql-dialect';
import { ImportRecordEntity } from '../csv/import-record.entity';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const mssql = require('mssql') as Mssql;

/** COPY's text format read back as PostgreSQL reads it: fields split on tabs, `\N` NULL, backslash escapes undone. */
function readCopyLine(line: string): (string | null)[] {
  const unescape: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t' };
  return line
    .replace(/\n$/, '')
    .split('\t')
    .map((field) => (field === '\\N' ? null : field.replace(/\\(.)/g, (_, c: string) => unescape[c])));
}

describe('bulkInsert', () => {
  it("writes any text, NULL and booleans in COPY's text format so that PostgreSQL reads back the same values", () => {
    const value = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('\\N', '\t\n\r\\', 'a\\tb'),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { maxLength: 5 }), (rows) => {
        const text = copyText(rows);
        // A row per line, each ended by a newline: no field holds one unescaped.
        const lines = text.split(/(?<=\n)/).filter(Boolean);
        expect(lines).toHaveLength(rows.length);
        expect(lines.every((line) => line.indexOf('\n') === line.length - 1)).toBe(true);
        expect(lines.map(readCopyLine)).toEqual(rows);
      }),
    );
    expect(copyText([[true, false, 7]])).toBe('t\tf\t7\n');
  });

  it('declares an SQL Server bulk load as the migrations made the table: UTF-8 varchar sourcedIds, int lines, nvarchar(max) JSON', async () => {
    const dataSource = await offlineSqlServer('dbo');
    const metadata = dataSource.getMetadata(ImportRecordEntity);
    const columns = metadata.columns;
    const table = sqlServerTable(mssql, metadata.tablePath, metadata, columns, [
      ['run-1', 'user', 2, 'usr-1', null, 'hash', 'line', '{"status":"active"}'],
    ]) as unknown as {
      path: string;
      create: boolean;
      columns: { name: string; type: { declaration: string }; length?: number; nullable: boolean }[];
      rows: unknown[][];
    };
    expect(table.path).toBe('[dbo].[import_records]');
    expect(table.create).toBe(false);
    expect(table.columns.map((c) => [c.name, c.type.declaration, c.length, c.nullable])).toEqual([
      ['import_id', 'nvarchar', 36, false],
      ['entity_type', 'nvarchar', 32, false],
      ['line', 'int', undefined, false],
      ['sourced_id', 'varchar', 255, false],
      ['kind', 'nvarchar', 32, true],
      ['content_hash', 'nvarchar', 64, false],
      ['line_hash', 'nvarchar', 40, true],
      ['payload', 'nvarchar', mssql.MAX, false],
    ]);
    expect(table.rows).toEqual([['run-1', 'user', 2, 'usr-1', null, 'hash', 'line', '{"status":"active"}']]);
  });
});
