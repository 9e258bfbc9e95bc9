import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, nullable } from './column-types';

/** A tenant's username settings: the format, its length cap and the domains (SDS identity). */
export class AddTenantUsernameSettings1763800000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.addColumns(
      'tenants',
      [
        c.string('username_format', 255, { default: "'{firstName}.{lastName}'" }),
        c.integer('username_max_length', { default: '64' }),
        c.string('domain', 255, nullable),
        c.string('staff_domain', 255, nullable),
        c.string('student_domain', 255, nullable),
      ].map((options) => new TableColumn(options)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['student_domain', 'staff_domain', 'domain', 'username_max_length', 'username_format']) {
      await queryRunner.dropColumn('tenants', column);
    }
  }
}
