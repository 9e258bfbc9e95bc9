import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { ImportRunEntity } from '../../src/csv/import-run.entity';
import { writeTransaction } from '../../src/database/write-lock';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantEntity } from '../../src/tenancy/tenant.entity';
import { startTestApp, TestApp } from '../support/test-app';
import { OpenTestDatabase, openTestDatabase } from '../support/test-database';

/**
 * SQLite has one writer for the file. A transaction that reads first and writes later, while the server's access log
 * commits in between, fails its first write at once: a CLI import died of it. Taking the lock first makes it wait.
 */
describe.skipIf(process.env.TEST_DATABASE_URL)('the write lock of an import transaction (SQLite)', () => {
  let db: OpenTestDatabase;
  let other: Database.Database;
  let marker = 0;
  /** What the server does between the import's read and its first write: a commit of its own. */
  const otherCommits = () => other.exec(`CREATE TABLE race_marker_${marker++} (x)`);

  beforeAll(async () => {
    db = await openTestDatabase();
    other = new Database(db.dataSource.options.database as string);
    other.pragma('busy_timeout = 0');
  });
  afterAll(async () => {
    other?.close();
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
    let server: Database.Database;
    beforeAll(async () => {
      t = await startTestApp();
      server = new Database(t.dataSource.options.database as string);
      server.pragma('busy_timeout = 0');
    });
    afterAll(async () => {
      server?.close();
      await t?.close();
    });

    it('a publication (a tenant changed, a username corrected) takes it before its change reads', async () => {
      const serverCommits = () => server.exec(`CREATE TABLE race_marker_${marker++} (x)`);
      await t.app.get(Publisher).publish(
        async (manager) => {
          await manager.getRepository(TenantEntity).count();
          expect(serverCommits).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
        },
        { dataChanged: false, tenantIds: [] },
      );
      expect(serverCommits).not.toThrow();
    });
  });
});
