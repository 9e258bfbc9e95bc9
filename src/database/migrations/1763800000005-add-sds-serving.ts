import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { columnBuilders, index, nullable } from './column-types';

/**
 * What SDS identity needs beyond usernames: the tenant's serving settings, the names it may not
 * hand out (Entra accounts, retired names), each tenant's class titles, and per-record spans the
 * school-year switch and future-student rules read instead of joining on every request.
 */
export class AddSdsServing1763800000005 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    const add = (table: string, columns: ReturnType<typeof c.string>[]) =>
      queryRunner.addColumns(
        table,
        columns.map((options) => new TableColumn(options)),
      );
    await add('tenants', [
      c.string('email_source', 16, { default: "'sis'" }),
      c.string('users_changed_at', 24, nullable),
      c.string('class_title_format', 256, nullable),
      c.string('future_students', 16, { default: "'include'" }),
      c.string('time_zone', 64, { default: "'Europe/Brussels'" }),
      c.string('school_year_switch', 5, { default: "'08-15'" }),
    ]);
    await add('classes', [c.string('school_year_first', 4, nullable), c.string('school_year_last', 4, nullable)]);
    await add('enrollments', [c.string('school_year_first', 4, nullable), c.string('school_year_last', 4, nullable)]);
    await add('users', [c.string('first_begin_date', 10, nullable)]);
    await queryRunner.createTable(
      new Table({
        name: 'tenant_reserved_usernames',
        columns: [
          c.string('tenant_id', 64, { isPrimary: true }),
          c.string('domain', 255, { isPrimary: true }),
          c.string('local_part', 64, { isPrimary: true }),
          c.string('source', 16),
          c.string('user_sourced_id', 255, nullable),
          c.string('given_name', 255, nullable),
          c.string('surname', 255, nullable),
          c.string('display_name', 255, nullable),
          c.string('created_at', 24),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tenant_class_titles',
        columns: [
          c.string('tenant_id', 64, { isPrimary: true }),
          c.string('class_sourced_id', 255, { isPrimary: true }),
          c.string('title', 256),
          c.string('changed_at', 24),
        ],
      }),
    );
    await add('tenant_usernames', [c.string('renamed_at', 24, nullable)]);
    await queryRunner.createIndex('tenant_usernames', index('ix_tenant_usernames_user', ['user_sourced_id']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('tenant_usernames', 'ix_tenant_usernames_user');
    await queryRunner.dropColumn('tenant_usernames', 'renamed_at');
    await queryRunner.dropTable('tenant_class_titles');
    await queryRunner.dropTable('tenant_reserved_usernames');
    await queryRunner.dropColumn('users', 'first_begin_date');
    for (const table of ['enrollments', 'classes']) {
      for (const column of ['school_year_last', 'school_year_first']) await queryRunner.dropColumn(table, column);
    }
    for (const column of [
      'school_year_switch',
      'time_zone',
      'future_students',
      'class_title_format',
      'users_changed_at',
      'email_source',
    ]) {
      await queryRunner.dropColumn('tenants', column);
    }
  }
}
