import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders, index } from './column-types';

/** When each publication was written and when it became visible (see DeltaWindows). */
export class CreatePublicationWindows1763800000012 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'publication_windows',
        columns: [
          c.string('id', 36, { isPrimary: true }),
          c.string('opened_at', 24),
          c.string('closed_at', 24, { isNullable: true }),
        ],
        indices: [index('ix_publication_windows_opened', ['opened_at'])],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('publication_windows');
  }
}
