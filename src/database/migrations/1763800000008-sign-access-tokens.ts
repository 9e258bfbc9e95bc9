import { randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnBuilders } from './column-types';

/**
 * Access tokens become signed (HMAC) instead of stored: issuing one writes nothing, so token requests never
 * wait for an import's write lock. The key is made here, once per database, so every instance shares it.
 */
export class SignAccessTokens1763800000008 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'token_signing_keys',
        columns: [c.string('id', 36, { isPrimary: true }), c.string('secret', 64), c.string('created_at', 24)],
      }),
    );
    await queryRunner.manager
      .createQueryBuilder()
      .insert()
      // mapped by TokenSigningKeyEntity, hence its property names
      .into('token_signing_keys')
      .values({ id: 'current', secret: randomBytes(32).toString('base64url'), createdAt: new Date().toISOString() })
      .execute();
    await queryRunner.dropTable('access_tokens');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = columnBuilders(queryRunner);
    await queryRunner.createTable(
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
      }),
    );
    await queryRunner.dropTable('token_signing_keys');
  }
}
