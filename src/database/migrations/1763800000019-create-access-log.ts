import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders, index, nullable } from './column-types';

/**
 * The access log (GDPR): one row per rostering or admin request, with the sourcedIds a rostering request served,
 * compressed; the SDS sync monitor reads its sweeps from the same rows.
 */
export class CreateAccessLog1763800000019 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'access_log',
        columns: [
          c.string('id', 36, { isPrimary: true }),
          c.string('at', 24),
          c.string('kind', 8),
          c.string('tenant_id', 64, nullable),
          c.string('client_id', 64),
          c.string('method', 8),
          c.string('path', 1000),
          c.string('route', 255),
          c.string('filter', 1000, nullable),
          c.integer('status'),
          c.integer('duration_ms'),
          c.integer('page_offset', nullable),
          c.integer('page_limit', nullable),
          c.integer('total', nullable),
          c.integer('records', nullable),
          c.string('first_id', 255, nullable),
          c.string('last_id', 255, nullable),
          c.longJson('served_ids'),
        ],
        indices: [index('ix_access_log_tenant_at', ['tenant_id', 'at']), index('ix_access_log_at', ['at'])],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('access_log');
  }
}
