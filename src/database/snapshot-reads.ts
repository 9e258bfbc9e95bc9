import { DataSource } from 'typeorm';
import { UsageError } from '../usage-error';

/** SQL Server without READ_COMMITTED_SNAPSHOT: an import would block every API reader until it commits. */
export class SnapshotReadsOffError extends UsageError {}

/**
 * Whether readers see the last committed state while an import writes. PostgreSQL and SQLite (WAL) always do; SQL
 * Server only with READ_COMMITTED_SNAPSHOT on. A database setting, read from the catalog: no query-builder form.
 */
export async function snapshotReadsOn(dataSource: DataSource): Promise<boolean> {
  if (dataSource.options.type !== 'mssql') return true;
  const [row] = (await dataSource.query(
    'SELECT is_read_committed_snapshot_on AS snapshot_reads FROM sys.databases WHERE name = DB_NAME()',
  )) as { snapshot_reads: boolean | number }[];
  return row?.snapshot_reads === true || row?.snapshot_reads === 1;
}

/** The one line that says how to turn it on. */
export function snapshotReadsAdvice(dataSource: DataSource): string {
  const database = String(dataSource.options.database ?? '<database>');
  return (
    `SQL Server's READ_COMMITTED_SNAPSHOT is off for database ${database}, so API readers would wait for every import: ` +
    `turn it on with ALTER DATABASE [${database}] SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE`
  );
}

/** Refuses (SnapshotReadsOffError) to import into a SQL Server database whose readers an import would block. */
export async function requireSnapshotReads(dataSource: DataSource): Promise<void> {
  if (!(await snapshotReadsOn(dataSource))) throw new SnapshotReadsOffError(snapshotReadsAdvice(dataSource));
}
