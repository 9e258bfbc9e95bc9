import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { requireSnapshotReads, SnapshotReadsOffError, snapshotReadsOn } from '../../src/database/snapshot-reads';
import { parseTransactSql } from './mssql-dialect';

/** A SQL Server connection that answers the catalog query with `setting`, and remembers what it was asked. */
function sqlServerWith(setting: boolean | number) {
  const asked: string[] = [];
  const dataSource = {
    options: { type: 'mssql', database: 'oneroster' },
    query: async (sql: string) => {
      asked.push(sql);
      return [{ snapshot_reads: setting }];
    },
  } as unknown as DataSource;
  return { dataSource, asked };
}

describe('READ_COMMITTED_SNAPSHOT on SQL Server (checked without a server)', () => {
  it('reads the setting of the current database from the catalog, in valid T-SQL', async () => {
    const { dataSource, asked } = sqlServerWith(1);
    expect(await snapshotReadsOn(dataSource)).toBe(true);
    expect(asked).toHaveLength(1);
    expect(() => parseTransactSql(asked[0])).not.toThrow();
    expect(asked[0]).toMatch(/is_read_committed_snapshot_on .* FROM sys\.databases WHERE name = DB_NAME\(\)/);
  });

  it('refuses imports while it is off, with one line saying how to turn it on', async () => {
    const { dataSource } = sqlServerWith(false);
    await expect(requireSnapshotReads(dataSource)).rejects.toThrow(SnapshotReadsOffError);
    await expect(requireSnapshotReads(dataSource)).rejects.toThrow(
      "SQL Server's READ_COMMITTED_SNAPSHOT is off for database oneroster, so API readers would wait for every import: turn it on with ALTER DATABASE [oneroster] SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE",
    );
  });

  it('asks nothing of PostgreSQL or SQLite, whose readers never wait for a writer', async () => {
    for (const type of ['postgres', 'better-sqlite3']) {
      const dataSource = { options: { type }, query: () => Promise.reject(new Error('no query expected')) };
      await expect(snapshotReadsOn(dataSource as unknown as DataSource)).resolves.toBe(true);
    }
  });
});
