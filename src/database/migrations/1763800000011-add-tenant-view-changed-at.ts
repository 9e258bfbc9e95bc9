import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, nullable } from './column-types';

/** When records last entered a tenant's view without changing themselves: the served dateLastModified's floor. */
export class AddTenantViewChangedAt1763800000011 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'tenants',
      new TableColumn(columnBuilders(queryRunner).string('view_changed_at', 24, nullable)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tenants', 'view_changed_at');
  }
}
