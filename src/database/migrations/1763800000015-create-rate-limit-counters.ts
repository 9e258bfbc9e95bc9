import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders, index } from './column-types';

/** Rate-limit counters, shared by all instances on a server database (see RateLimits). */
export class CreateRateLimitCounters1763800000015 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'rate_limit_counters',
        columns: [
          c.string('counter_key', 128, { isPrimary: true }),
          c.string('window_start', 24, { isPrimary: true }),
          c.integer('points'),
          c.string('expires_at', 24),
        ],
        indices: [index('ix_rate_limit_counters_expires', ['expires_at'])],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limit_counters');
  }
}
