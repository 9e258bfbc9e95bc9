import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, nullable } from './column-types';

/** Each tenant's own mass-removal guard threshold (null: the deployment's default). */
export class AddTenantGuardThresholds1763800000013 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.addColumns('tenants', [
      new TableColumn(c.integer('guard_percent', nullable)),
      new TableColumn(c.integer('guard_minimum', nullable)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tenants', 'guard_minimum');
    await queryRunner.dropColumn('tenants', 'guard_percent');
  }
}
