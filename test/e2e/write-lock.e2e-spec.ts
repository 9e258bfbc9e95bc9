import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { ImportRunEntity } from '../../src/csv/import-run.entity';
import { writeTransaction } from '../../src/database/write-lock';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantEntity } from '../../src/tenancy/tenant.entity';
import { startTestApp, TestApp } from '../support/test-app';
import { OpenTestDatabase, openTestDatabase } from '../support/test-database';

/** Another process's connection to the SQLite `file`, which never waits for the lock; `commits` commits something. */
function otherProcess(file: string) {
  const connection = new Database(file);
  connection.pragma('busy_timeout = 0');
  let marker = 0;
  return {
    commits: () => connection.exec(`CREATE TABLE race_marker_${marker++} (x)`),
    close: () => connection.close(),
  };
}

/**
 * SQLite has one writer for the file. A transaction that reads first and writes later, while the server's access log
 * commits in between, fails its first write at once: a CLI import died of it. Taking the lock first makes it wait.
 */
describe.skipIf(process.env.TEST_DATABASE_URL)('the write lock of an import transaction (SQLite)', () => {
  let db: OpenTestDatabase;
  /** The server, which commits between the import's read and its first write. */
  let server: ReturnType<typeof otherProcess>;
  const otherCommits = () => server.commits();

  beforeAll(async () => {
    db = await openTestDatabase();
    server = otherProcess(db.dataSource.options.database as string);
  });
  afterAll(async () => {
    server?.close();
    await db?.close();
  });
  it('without it, a transaction that read before another connection committed cannot write', async () => {
    const transaction = db.dataSource.transaction(async (manager) => {
      await manager.getRepository(ImportRunEntity).count();
      otherCommits();
      await manager.getRepository(ImportRecordEntity).delete({ importId: 'none' });
    });
    await expect(transaction).rejects.toMatchObject({ driverError: { code: 'SQLITE_BUSY_SNAPSHOT' } });
  });

  it('taken first, the other connection finds the file locked and the transaction writes after its reads', async () => {
    await writeTransaction(db.dataSource, ImportRecordEntity, async (manager) => {
      await manager.getRepository(ImportRunEntity).count();
      expect(otherCommits).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      await manager.getRepository(ImportRecordEntity).delete({ importId: 'none' });
    });
    expect(otherCommits).not.toThrow();
  });

  describe('taken by every transaction that reads before it writes', () => {
    let t: TestApp;
    /** A CLI import, which commits while the server publishes. */
    let cliImport: ReturnType<typeof otherProcess>;
    beforeAll(async () => {
      t = await startTestApp();
      cliImport = otherProcess(t.dataSource.options.database as string);
    });
    afterAll(async () => {
      cliImport?.close();
      await t?.close();
    });

    it('a publication (a tenant changed, a username corrected) takes it before its change reads', async () => {
      const importCommits = () => cliImport.commits();
      await t.app.get(Publisher).publish(
        async (manager) => {
          await manager.getRepository(TenantEntity).count();
          expect(importCommits).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
        },
        { dataChanged: false, tenantIds: [] },
      );
      expect(importCommits).not.toThrow();
    });
  });
});
