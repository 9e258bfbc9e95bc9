import { beforeEach, describe, expect, it } from 'vitest';
import { bulkInsert } from '../../src/database/bulk-insert';
import { bulkRewrite } from '../../src/database/bulk-rewrite';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { useTestDatabase } from '../support/test-database';

const stored = (index: number): EnrollmentEntity => ({
  sourcedId: `enr-${index}`,
  status: 'active',
  dateLastModified: '2026-12-01T06:00:00.000Z',
  contentHash: `hash-${index}`,
  lineHash: `line-${index}`,
  feed: 'default',
  metadata: { index: String(index) },
  classSourcedId: `class-${index}`,
  schoolSourcedId: 'school',
  userSourcedId: `user-${index}`,
  role: 'student',
  primary: true,
  beginDate: '2026-09-01',
  endDate: null,
  schoolYearFirst: '2026',
  schoolYearLast: '2027',
});

/** What an import's apply writes over a changed record: every column but the derived ones. */
function changed(index: number, changes: Partial<EnrollmentEntity>): Partial<EnrollmentEntity> {
  const { schoolYearFirst: _first, schoolYearLast: _last, ...written } = stored(index);
  return { ...written, dateLastModified: '2026-12-06T06:00:00.000Z', ...changes };
}

/** The driver's rewrite of stored rows (SQLite: an UPDATE of the changed columns; elsewhere DELETE and bulk insert). */
describe('bulk rewrite', () => {
  const db = useTestDatabase();
  const enrollments = () => db.dataSource.getRepository(EnrollmentEntity);
  beforeEach(async () => {
    await enrollments().clear();
    await db.dataSource.transaction((manager) => bulkInsert(manager, EnrollmentEntity, [1, 2, 3].map(stored)));
  });

  it('writes what the rows hold, keeps the columns they leave out and leaves other rows alone', async () => {
    const rows = [
      changed(1, { beginDate: '2026-10-01', metadata: null, primary: false }),
      changed(2, { classSourcedId: 'class-9', status: 'tobedeleted' }),
    ];
    await db.dataSource.transaction((manager) => bulkRewrite(manager, EnrollmentEntity, 'sourcedId', rows));
    const [first, second, third] = await enrollments().find({ order: { sourcedId: 'ASC' } });
    expect(first).toEqual({ ...stored(1), ...rows[0] });
    expect(second).toEqual({ ...stored(2), ...rows[1] });
    expect(third).toEqual(stored(3));
  });

  it.skipIf(process.env.TEST_DATABASE_URL)('sets on SQLite only the columns whose values changed', async () => {
    // An UPDATE OF trigger fires when the statement sets the column, whatever its value: as SQLite rewrites indexes.
    const setColumns = async (rows: Partial<EnrollmentEntity>[]) => {
      await db.dataSource.query('CREATE TEMP TABLE set_columns (name TEXT)');
      for (const column of ['class_sourced_id', 'begin_date', 'status'])
        await db.dataSource.query(
          `CREATE TEMP TRIGGER set_${column} AFTER UPDATE OF ${column} ON enrollments BEGIN INSERT INTO set_columns VALUES ('${column}'); END`,
        );
      try {
        await db.dataSource.transaction((manager) => bulkRewrite(manager, EnrollmentEntity, 'sourcedId', rows));
        return (await db.dataSource.query('SELECT name FROM set_columns ORDER BY name')).map(
          (row: { name: string }) => row.name,
        );
      } finally {
        await db.dataSource.query('DROP TABLE temp.set_columns');
        for (const column of ['class_sourced_id', 'begin_date', 'status'])
          await db.dataSource.query(`DROP TRIGGER temp.set_${column}`);
      }
    };
    expect(await setColumns([changed(1, { beginDate: '2026-10-01' }), changed(3, {})])).toEqual(['begin_date']);
  });
});
