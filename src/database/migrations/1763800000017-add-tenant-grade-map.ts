import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders } from './column-types';

/** Each tenant's grade map: SIS grade codes served as SDS grade levels (null: grades served as imported). */
export class AddTenantGradeMap1763800000017 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const json = columnBuilders(queryRunner).json('grade_map');
    // SQL Server: nvarchar(max), as 1763800000014 made every JSON column, not the deprecated ntext.
    const sqlServer = queryRunner.connection.driver.options.type === 'mssql';
    await queryRunner.addColumn(
      'tenants',
      new TableColumn(sqlServer ? { ...json, type: 'nvarchar', length: 'MAX' } : json),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('tenants', 'grade_map');
  }
}
