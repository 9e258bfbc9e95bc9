import { DataSource, QueryRunner, TableIndex } from 'typeorm';
import { PhaseTimer, UNTIMED } from '../logging/phase-timer';
import { ImportRecordEntity } from './import-record.entity';
import { othersStaged } from './staging';

const KEY_INDEX = 'ix_import_records_sourced_id';

/**
 * Stages an import with the staging index on sourcedId dropped, when no other import has staging
 * rows, and builds it afterwards, before anything reads it (duplicate and reference checks, apply).
 *
 * Rows are staged in file order, which takes each of them to a random place in that index: at a
 * 200,000-student board keeping it up row by row cost 65 s of staging, building it afterwards 7 s.
 * Whoever stages finds the index missing and builds it, so an import that died in between, or two
 * that raced, leave it built. Dropping and creating an index are TypeORM schema operations (DDL
 * has no query-builder form).
 */
export async function stageWithKeyIndexAfter<T>(
  dataSource: DataSource,
  importId: string,
  stage: () => Promise<T>,
  timer: Pick<PhaseTimer, 'time'> = UNTIMED,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    const dropped = !(await othersStaged(dataSource.manager, importId));
    if (dropped) await runner.dropIndex(tablePath(dataSource), KEY_INDEX, true);
    try {
      return await stage();
    } finally {
      await timer.time('staging index', () => ensureKeyIndex(dataSource, runner, dropped));
    }
  } finally {
    await runner.release();
  }
}

/**
 * Builds the index unless it is there. When this import dropped it, nobody can have built it since (imports hold the
 * deployment's import lock), so it is built without looking: TypeORM reads the table's schema for that (three
 * catalogue queries, 10 to 20 ms on PostgreSQL), which the drop had already done.
 */
async function ensureKeyIndex(dataSource: DataSource, runner: QueryRunner, dropped: boolean): Promise<void> {
  const hasIndex = async () =>
    (await runner.getTable(tablePath(dataSource)))!.indices.some((index) => index.name === KEY_INDEX);
  if (!dropped && (await hasIndex())) return;
  const metadata = dataSource.getMetadata(ImportRecordEntity).indices.find((index) => index.name === KEY_INDEX)!;
  try {
    await runner.createIndex(tablePath(dataSource), TableIndex.create(metadata));
  } catch (error) {
    if (!(await hasIndex())) throw error; // another import built it first
  }
}

function tablePath(dataSource: DataSource): string {
  return dataSource.getMetadata(ImportRecordEntity).tablePath;
}
