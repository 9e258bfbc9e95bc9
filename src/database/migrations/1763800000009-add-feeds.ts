import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, RECORD_TABLES } from './column-types';

const TABLES = [...RECORD_TABLES, 'import_runs'];

/** Feeds: every record, and every import, belongs to one SIS export; what exists so far is the default feed's. */
export class AddFeeds1763800000009 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const column = columnBuilders(queryRunner).string('feed', 64, { default: "'default'" }); // DEFAULT_FEED;
    for (const table of TABLES) await queryRunner.addColumn(table, new TableColumn(column));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.dropColumn(table, 'feed');
  }
}
