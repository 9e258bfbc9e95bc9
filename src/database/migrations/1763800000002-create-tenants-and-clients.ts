import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders, index, nullable } from './column-types';

/** Tenants with their org scope, and the OAuth2 clients and tokens that speak for them. */
export class CreateTenantsAndClients1763800000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    const create = (table: Table) => queryRunner.createTable(table);
    await create(
      new Table({
        name: 'tenants',
        columns: [
          c.string('id', 64, { isPrimary: true }),
          c.string('name', 255),
          c.string('entra_tenant_id', 36, nullable),
          c.boolean('all_orgs'),
          c.boolean('demographics_enabled'),
          c.string('created_at', 24),
          c.string('updated_at', 24),
        ],
      }),
    );
    await create(
      new Table({
        name: 'tenant_orgs',
        columns: [
          c.string('tenant_id', 64, { isPrimary: true }),
          c.string('org_ref', 255, { isPrimary: true }),
          c.boolean('excluded'),
        ],
      }),
    );
    await create(
      new Table({
        name: 'tenant_scope',
        columns: [
          c.string('tenant_id', 64, { isPrimary: true }),
          c.string('entity_type', 16, { isPrimary: true }),
          c.string('sourced_id', 255, { isPrimary: true }),
        ],
      }),
    );
    await create(
      new Table({
        name: 'api_clients',
        columns: [
          c.string('client_id', 64, { isPrimary: true }),
          c.string('tenant_id', 64),
          c.string('name', 255),
          c.string('secret_hash', 255),
          c.string('previous_secret_hash', 255, nullable),
          c.string('previous_secret_expires_at', 24, nullable),
          c.string('created_at', 24),
          c.string('revoked_at', 24, nullable),
          c.string('last_token_at', 24, nullable),
        ],
        indices: [index('ix_api_clients_tenant', ['tenant_id', 'client_id'])],
      }),
    );
    await create(
      new Table({
        name: 'access_tokens',
        columns: [
          c.string('token_hash', 64, { isPrimary: true }),
          c.string('client_id', 64),
          c.string('tenant_id', 64),
          c.string('scope', 1000),
          c.string('expires_at', 24),
          c.string('created_at', 24),
        ],
        indices: [index('ix_access_tokens_client', ['client_id']), index('ix_access_tokens_expires', ['expires_at'])],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['access_tokens', 'api_clients', 'tenant_scope', 'tenant_orgs', 'tenants'])
      await queryRunner.dropTable(table);
  }
}
