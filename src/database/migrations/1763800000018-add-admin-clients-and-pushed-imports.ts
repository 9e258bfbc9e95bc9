import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, nullable } from './column-types';

/**
 * Admin clients (api_clients.admin_scopes: null for a rostering client) and imports pushed over the admin API:
 * queued with their uploaded bundle, who pushed them, and why a run failed.
 */
export class AddAdminClientsAndPushedImports1763800000018 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.addColumn('api_clients', new TableColumn(c.string('admin_scopes', 255, nullable)));
    await queryRunner.addColumns('import_runs', [
      new TableColumn(c.string('queued_at', 24, nullable)),
      new TableColumn(c.string('pushed_by', 64, nullable)),
      new TableColumn(c.string('upload_path', 1000, nullable)),
      new TableColumn(c.longJson('options')),
      new TableColumn(c.string('error', 1000, nullable)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['error', 'options', 'upload_path', 'pushed_by', 'queued_at'])
      await queryRunner.dropColumn('import_runs', column);
    await queryRunner.dropColumn('api_clients', 'admin_scopes');
  }
}
