import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders } from './column-types';

/** Each tenant's active users, classes and enrollments after the last import (see TenantActiveCountEntity). */
export class CreateTenantActiveCounts1763800000022 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'tenant_active_counts',
        columns: [
          c.string('tenant_id', 64, { isPrimary: true }),
          c.string('settings_of', 24),
          c.integer('users'),
          c.integer('classes'),
          c.integer('enrollments'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tenant_active_counts');
  }
}
