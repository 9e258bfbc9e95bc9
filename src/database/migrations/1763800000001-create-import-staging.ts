import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders, index, nullable } from './column-types';

/** The import audit trail and the staging tables a CSV bundle is validated in before it is applied. */
export class CreateImportStaging1763800000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'import_runs',
        columns: [
          c.string('id', 36, { isPrimary: true }),
          c.string('source', 1000),
          c.string('state', 16),
          c.string('started_at', 24),
          c.string('finished_at', 24, nullable),
          c.json('summary'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'import_records',
        columns: [
          c.string('import_id', 36, { isPrimary: true }),
          c.string('entity_type', 32, { isPrimary: true }),
          c.integer('line', { isPrimary: true }),
          c.string('sourced_id', 255),
          c.string('kind', 32, nullable),
          c.string('content_hash', 64),
          c.json('payload', { isNullable: false }),
        ],
        indices: [index('ix_import_records_sourced_id', ['import_id', 'entity_type', 'sourced_id'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'import_references',
        columns: [
          c.integer('id', { isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
          c.string('import_id', 36),
          c.string('entity_type', 32),
          c.integer('line'),
          c.string('sourced_id', 255),
          c.string('column_name', 64),
          c.string('target_type', 32),
          c.string('target_sourced_id', 255),
        ],
        indices: [index('ix_import_references_target', ['import_id', 'target_type', 'target_sourced_id'])],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('import_references');
    await queryRunner.dropTable('import_records');
    await queryRunner.dropTable('import_runs');
  }
}
