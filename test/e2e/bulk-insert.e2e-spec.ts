import { beforeEach, describe, expect, it } from 'vitest';
import { bulkInsert, JsonText } from '../../src/database/bulk-insert';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { useTestDatabase } from '../support/test-database';

const enrollment = (index: number) => ({
  sourcedId: `enr-${String(index).padStart(3, '0')}`,
  status: 'active' as const,
  dateLastModified: '2026-12-06T06:00:00.000Z',
  contentHash: `hash-${index}`,
  lineHash: index % 3 === 0 ? null : `line-${index}`,
  feed: 'default',
  metadata: index % 2 === 0 ? new JsonText(`{"index":"${index}"}`) : { index: String(index) },
  classSourcedId: `class-${index % 4}`,
  schoolSourcedId: 'school',
  userSourcedId: `user-${index}`,
  role: 'student' as const,
  primary: index % 5 === 0,
  beginDate: index % 7 === 0 ? null : '2026-09-01',
  endDate: null,
  schoolYearFirst: null,
  schoolYearLast: null,
});

/** The driver's bulk path (SQLite: a prepared INSERT per row; PostgreSQL: COPY) stores every row as it was given. */
describe('bulk insert', () => {
  const db = useTestDatabase();
  beforeEach(() => db.dataSource.getRepository(EnrollmentEntity).clear());

  it.each([1, 70])('stores %i rows as they were given', async (count) => {
    const rows = Array.from({ length: count }, (_, index) => enrollment(index));
    await db.dataSource.transaction((manager) => bulkInsert(manager, EnrollmentEntity, rows));
    const stored = await db.dataSource.getRepository(EnrollmentEntity).find({ order: { sourcedId: 'ASC' } });
    expect(stored).toHaveLength(count);
    stored.forEach((row, index) => {
      const given = rows[index];
      expect(row).toMatchObject({
        sourcedId: given.sourcedId,
        lineHash: given.lineHash,
        metadata: { index: String(index) },
        classSourcedId: given.classSourcedId,
        userSourcedId: given.userSourcedId,
        primary: given.primary,
        beginDate: given.beginDate,
      });
    });
  });
});
