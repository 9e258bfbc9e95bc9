import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, nullable } from './column-types';

/** A tenant's serving stamp: replaced on every change to what the tenant is served (see PageCache). */
export class AddTenantServingStamp1763800000006 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'tenants',
      new TableColumn(columnBuilders(queryRunner).string('serving_stamp', 36, nullable)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tenants', 'serving_stamp');
  }
}
