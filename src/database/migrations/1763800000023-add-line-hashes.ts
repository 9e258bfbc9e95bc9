import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, nullable, RECORD_TABLES } from './column-types';

/** The CSV line each record was read from, hashed: an import carries unchanged lines without parsing them. */
export class AddLineHashes1763800000023 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const lineHash = () => new TableColumn(columnBuilders(queryRunner).string('line_hash', 40, nullable));
    for (const table of [...RECORD_TABLES, 'import_records']) await queryRunner.addColumn(table, lineHash());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...RECORD_TABLES, 'import_records']) await queryRunner.dropColumn(table, 'line_hash');
  }
}
