import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './column-types';

/**
 * Staged references are read by import and target type in id order (the reference checks page
 * through them), never looked up by target: an index in insertion order replaces one on the target
 * sourcedId, whose random keys made each of a large board's 5 million staged references an insert
 * at a random place in a B-tree far larger than the page cache.
 */
export class IndexImportReferencesByType1763800000007 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('import_references', 'ix_import_references_target');
    await queryRunner.createIndex(
      'import_references',
      index('ix_import_references_type', ['import_id', 'target_type', 'id']),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('import_references', 'ix_import_references_type');
    await queryRunner.createIndex(
      'import_references',
      index('ix_import_references_target', ['import_id', 'target_type', 'target_sourced_id']),
    );
  }
}
