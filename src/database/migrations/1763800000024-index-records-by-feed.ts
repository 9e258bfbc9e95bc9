import { MigrationInterface, QueryRunner } from 'typeorm';
import { index, RECORD_TABLES } from './column-types';

/**
 * A feed's records found by their feed: an import reads its feed's stored records (their line hashes, in sourcedId
 * order) and marks those a bulk file no longer lists. Without this index both walked every feed's records: in a
 * deployment of twenty boards, a board's nightly import read the other nineteen's enrollments twice.
 */
export class IndexRecordsByFeed1763800000024 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of RECORD_TABLES) {
      await queryRunner.createIndex(table, index(`ix_${table}_feed`, ['feed', 'sourced_id']));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of RECORD_TABLES) await queryRunner.dropIndex(table, `ix_${table}_feed`);
  }
}
