import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRecordEntity } from '../../src/csv/import-record.entity';
import { StagingWriter } from '../../src/csv/staging';
import { startTestApp, TestApp } from '../support/test-app';

const IMPORT_ID = '22222222-2222-4222-8222-222222222222';

describe('staged rows', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t?.close());

  it('store the payload serialised once: the column holds its JSON and the content hash is that text hashed', async () => {
    const payload = { status: 'active', givenName: 'Zoë "Z" \\ Ålvarez', grades: ['05'], metadata: { 'x.a': null } };
    await t.dataSource.transaction(async (manager) => {
      const writer = new StagingWriter(manager, IMPORT_ID, { next: 0 });
      await writer.add({ line: 2, sourcedId: 'usr-1', entityType: 'user', payload, references: [] });
      await writer.flush();
    });
    const stored = t.dataSource.getRepository(ImportRecordEntity).createQueryBuilder('staged');
    const raw = await stored
      .select('staged.payload', 'payload')
      .addSelect('staged.contentHash', 'contentHash')
      .getRawOne<{ payload: string; contentHash: string }>();
    expect(raw?.payload).toBe(JSON.stringify(payload));
    expect(raw?.contentHash).toBe(createHash('sha256').update(JSON.stringify(payload)).digest('base64url'));
    const row = await t.dataSource.getRepository(ImportRecordEntity).findOneByOrFail({ importId: IMPORT_ID });
    expect(row.payload).toEqual(payload);
  });
});
