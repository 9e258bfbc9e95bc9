import { beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { StoredLineLimits, storedLines } from '../../src/csv/stored-lines';
import { useTestDatabase } from '../support/test-database';

const enrollment = (
  sourcedId: string,
  lineHash: string | null,
  feed = 'default',
  status: 'active' | 'tobedeleted' = 'active',
) => ({
  sourcedId,
  lineHash,
  feed,
  status,
  dateLastModified: '2026-12-06T06:00:00.000Z',
  contentHash: 'c',
  classSourcedId: 'class',
  schoolSourcedId: 'school',
  userSourcedId: 'user',
  role: 'student' as const,
});

/** The stored lines of the default feed's enrollments as [line hash, sourcedId] pairs, sorted. */
async function pairs(dataSource: DataSource, limits?: StoredLineLimits) {
  const lines = await storedLines(dataSource.manager, EnrollmentEntity, 'default', limits);
  if (!lines) return null;
  return Array.from({ length: lines.length }, (_, index) => [lines.lineHash(index), lines.sourcedId(index)]).sort(
    ([, a], [, b]) => (a < b ? -1 : 1),
  );
}

/** The records a carrying import compares its lines with, read in one joined text from the database. */
describe('stored lines', () => {
  const db = useTestDatabase();
  beforeEach(() => db.dataSource.getRepository(EnrollmentEntity).clear());

  it("are the feed's active records with their line hashes, none unknown or many", async () => {
    await db.dataSource
      .getRepository(EnrollmentEntity)
      .insert([
        enrollment('e1', 'prefix00hash-1'),
        enrollment('e2', null),
        enrollment('e3', 'prefix00hash-3', 'other-feed'),
        enrollment('e4', 'prefix00hash-4', 'default', 'tobedeleted'),
        enrollment('é5 with spaces, and a comma', 'prefix00hash-5'),
      ]);
    expect(await pairs(db.dataSource)).toEqual([
      ['prefix00hash-1', 'e1'],
      ['', 'e2'],
      ['prefix00hash-5', 'é5 with spaces, and a comma'],
    ]);
  });

  it('are read row by row when a sourcedId holds the character that ends a joined record', async () => {
    await db.dataSource
      .getRepository(EnrollmentEntity)
      .insert([enrollment('a\u0001b', 'prefix00hash-a'), enrollment('c\u0002d', 'prefix00hash-c')]);
    expect(await pairs(db.dataSource)).toEqual([
      ['prefix00hash-a', 'a\u0001b'],
      ['prefix00hash-c', 'c\u0002d'],
    ]);
  });

  it('are none when no record has a line hash yet (a database from before): nothing can be carried', async () => {
    await db.dataSource.getRepository(EnrollmentEntity).insert([enrollment('e1', null), enrollment('e2', null)]);
    expect(await pairs(db.dataSource)).toBeNull();
  });

  describe('joined a few records at a time', () => {
    const ids = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'];
    const everyOne = ids.map((id) => [`prefix00hash-${id}`, id]);

    it('are every record once, in texts of two (the last one short) or of one', async () => {
      await db.dataSource.getRepository(EnrollmentEntity).insert(ids.map((id) => enrollment(id, `prefix00hash-${id}`)));
      expect(await pairs(db.dataSource, { capacity: 10, recordsPerText: 2 })).toEqual(everyOne);
      expect(await pairs(db.dataSource, { capacity: 10, recordsPerText: 1 })).toEqual(everyOne);
      expect(await pairs(db.dataSource, { capacity: 7, recordsPerText: 7 })).toEqual(everyOne);
    });

    it('are read row by row when a later text holds the character that ends a joined record', async () => {
      const odd = [...ids, 'e8\u0001x'];
      await db.dataSource.getRepository(EnrollmentEntity).insert(odd.map((id) => enrollment(id, `prefix00hash-${id}`)));
      expect(await pairs(db.dataSource, { capacity: 10, recordsPerText: 3 })).toEqual(
        odd.map((id) => [`prefix00hash-${id}`, id]),
      );
    });

    it('are none past the capacity: the file is read whole', async () => {
      await db.dataSource.getRepository(EnrollmentEntity).insert(ids.map((id) => enrollment(id, `prefix00hash-${id}`)));
      expect(await pairs(db.dataSource, { capacity: 6, recordsPerText: 2 })).toBeNull();
      expect(await pairs(db.dataSource, { capacity: 6, recordsPerText: 10 })).toBeNull();
    });
  });
});
