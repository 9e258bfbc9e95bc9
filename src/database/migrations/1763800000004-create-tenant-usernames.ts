import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnBuilders } from './column-types';

/** Usernames assigned per tenant (SDS identity). */
export class CreateTenantUsernames1763800000004 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'tenant_usernames',
        columns: [
          c.string('tenant_id', 64, { isPrimary: true }),
          c.string('user_sourced_id', 255, { isPrimary: true }),
          c.string('domain', 255),
          c.string('local_part', 64),
          c.string('origin', 16),
          c.string('assigned_at', 24),
        ],
        indices: [
          new TableIndex({
            name: 'ux_tenant_usernames_name',
            columnNames: ['tenant_id', 'domain', 'local_part'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('tenant_usernames');
  }
}
