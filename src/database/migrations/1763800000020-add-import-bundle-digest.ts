import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnBuilders, nullable } from './column-types';

/** Each import's bundle digest: a feed's next import of the same bytes has nothing to do (see bundle-digest.ts). */
export class AddImportBundleDigest1763800000020 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'import_runs',
      new TableColumn(columnBuilders(queryRunner).string('bundle_digest', 64, nullable)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('import_runs', 'bundle_digest');
  }
}
