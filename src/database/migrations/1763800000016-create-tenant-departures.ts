import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { columnBuilders, index, nullable } from './column-types';

/** The sourcedId columns of the tables below (exact on SQL Server, as SOURCED_ID_COLUMNS are since ExactKeys). */
export const DEPARTURE_SOURCED_ID_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  tenant_departures: ['sourced_id', 'from_org'],
  moved_records: ['sourced_id', 'old_org'],
};

/**
 * Records that left a tenant's view without being retired (its scope shrank, a pupil moved to a school outside it),
 * served to that tenant as tobedeleted, and when the last one left; and the orgs an import's changed records belonged to before it, which the
 * publication reads to find them.
 */
export class CreateTenantDepartures1763800000016 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.addColumn('tenants', new TableColumn(c.string('last_departure_at', 24, nullable)));
    await queryRunner.createTable(
      new Table({
        name: 'tenant_departures',
        columns: [
          c.string('tenant_id', 64, { isPrimary: true }),
          c.string('entity_type', 16, { isPrimary: true }),
          c.sourcedId('sourced_id', { isPrimary: true }),
          c.string('departed_at', 24),
          c.sourcedId('from_org', nullable),
        ],
        indices: [index('ix_tenant_departures_departed', ['tenant_id', 'entity_type', 'departed_at'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'moved_records',
        columns: [
          c.string('entity_type', 16, { isPrimary: true }),
          c.sourcedId('sourced_id', { isPrimary: true }),
          c.sourcedId('old_org', { isPrimary: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('moved_records');
    await queryRunner.dropTable('tenant_departures');
    await queryRunner.dropColumn('tenants', 'last_departure_at');
  }
}
