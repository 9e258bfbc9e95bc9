import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders, index } from './column-types';

/** Page ends of clients' sweeps, shared by all instances on a server database (see PageCache). */
export class CreateSweepPageEnds1763800000010 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'sweep_page_ends',
        columns: [
          c.string('list_key', 64, { isPrimary: true }),
          c.integer('next_offset', { isPrimary: true }),
          c.string('last_sourced_id', 255),
          c.string('updated_at', 24),
        ],
        indices: [index('ix_sweep_page_ends_updated', ['updated_at'])],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sweep_page_ends');
  }
}
