import { join } from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClientEntity } from '../../src/auth/api-client.entity';
import { ClientsService } from '../../src/auth/clients.service';
import { TokenSigningKeyEntity } from '../../src/auth/token-signing-key.entity';
import { TokensService } from '../../src/auth/tokens.service';
import { loadConfig } from '../../src/config/app-config';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { ClassTitlesService } from '../../src/publication/class-titles.service';
import { refreshFirstBeginDates, refreshRosterSpans, refreshSchoolYearSpans } from '../../src/publication/roster-spans';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantScopeService } from '../../src/publication/tenant-scope.service';
import { UsernameAssigner } from '../../src/publication/username-assigner.service';
import { TenantEntity } from '../../src/tenancy/tenant.entity';
import { TenantScopeEntity } from '../../src/tenancy/tenant-scope.entity';
import { OrgEntity } from '../../src/orgs/org.entity';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { UserEntity } from '../../src/users/user.entity';
import { FIXTURES } from '../support/bundles';
import { parameterCount, parseTransactSql } from './mssql-dialect';
import { rawRow, recordingSqlServer, RecordingSqlServer } from './recording-sql-server';

const CONFIG = loadConfig({ DATABASE_URL: 'mssql://app:secret@sqlserver.invalid:1433/oneroster' });

/** Statements node-sql-parser has no grammar for, all of them fixed text or DDL TypeORM writes. */
const NOT_PARSED = [/^DECLARE /, /^EXEC /, /^DROP INDEX /, /^CREATE INDEX /, /^MERGE /];

function expectTransactSql(statements: string[]) {
  expect(statements.length).toBeGreaterThan(0);
  for (const sql of statements) {
    expect(parameterCount(sql), sql).toBeLessThanOrEqual(2100);
    expect(sql, 'no PostgreSQL or SQLite syntax').not.toMatch(/\bLIMIT \d|\bRETURNING\b|\bON CONFLICT\b|\bILIKE\b/);
    if (!NOT_PARSED.some((pattern) => pattern.test(sql))) expect(() => parseTransactSql(sql), sql).not.toThrow();
  }
}

const TENANT = {
  id: 'board',
  name: 'Board',
  allOrgs: true,
  demographicsEnabled: true,
  usernameFormat: '{firstName}.{lastName}',
  usernameMaxLength: 64,
  domain: 'school.example',
  emailSource: 'username',
  classTitleFormat: '{classTitle} - {schoolName}',
  futureStudents: 'exclude',
  timeZone: 'Europe/Brussels',
  schoolYearSwitch: '08-15',
  createdAt: '2026-09-01T08:00:00.000Z',
  updatedAt: '2026-09-01T08:00:00.000Z',
};

describe('SQL Server statements of the import, the publication and tokens (recorded offline)', () => {
  let server: RecordingSqlServer;
  beforeAll(async () => {
    server = await recordingSqlServer();
    server.answer(/^SELECT "TenantEntity"\."id" AS "TenantEntity_id", "TenantEntity"\."name"/, [
      rawRow(server.dataSource, TenantEntity, 'TenantEntity', TENANT),
    ]);
  });

  it('an import: lock, staging, checks, apply, indexes, publication for a tenant, clean-up', async () => {
    const publisher = new Publisher(
      server.dataSource,
      new TenantScopeService(new UsernameAssigner(), new ClassTitlesService()),
    );
    const importer = new BundleImporter(server.dataSource, pino({ level: 'silent' }), publisher, CONFIG);
    // The district, written by the import and in the tenant's scope: the publication derives the tenant again.
    const district = { sourcedId: 'org-district', name: 'District', type: 'district', status: 'active' };
    server.answer(/^SELECT "OrgEntity"\./, [rawRow(server.dataSource, OrgEntity, 'OrgEntity', district)]);
    server.answer(/^SELECT DISTINCT "written"\."sourced_id" AS "id" FROM "dbo"\."orgs"/, [{ id: district.sourcedId }]);
    server.answer(/^SELECT "TenantScopeEntity"\./, [
      rawRow(server.dataSource, TenantScopeEntity, 'TenantScopeEntity', {
        tenantId: TENANT.id,
        entityType: 'org',
        sourcedId: district.sourcedId,
      }),
    ]);
    server.statements.length = 0;
    server.bulkLoads.length = 0;
    const report = await importer.importBundle(join(FIXTURES, 'base'));
    expect(report.errors).toEqual([]);
    expect(report.applied).toBe(true);
    const statements = server.statements;
    expectTransactSql(statements);
    const sent = (pattern: RegExp) => statements.some((sql) => pattern.test(sql));
    const loaded = server.bulkLoads.map((table) => (table as unknown as { path: string }).path);
    // References to rows staged before them are not staged (StagedTargets): the base bundle names only such.
    expect(new Set(loaded), 'staging').toEqual(new Set(['[dbo].[import_records]']));
    expect(sent(/^SELECT COUNT\(1\) AS "count", STRING_AGG\(CAST\(CONCAT\(/), 'stored lines, joined').toBe(true);
    expect(sent(/^CREATE INDEX "ix_users_modified" ON "dbo"\."users"/), 'indexes built after the load').toBe(true);
    expect(sent(/"dbo"\."tenant_scope"/), 'scopes').toBe(true);
    expect(sent(/"dbo"\."tenant_class_titles"|"dbo"\."classes" "cls"/), 'class titles').toBe(true);
    server.statements.length = 0;
    await publisher.refresh('board'); // a tenant's settings changed: it publishes even though no record did
    expect(sent(/^INSERT INTO "dbo"\."publication_windows"/), 'delta window').toBe(true);
    expect(sent(/^UPDATE "dbo"\."tenants" SET "serving_stamp"/), 'serving stamp').toBe(true);
    expectTransactSql(statements);
  });

  it('the roster spans: three UPDATEs, each of the rows whose span changes (no IS DISTINCT FROM before 2022)', async () => {
    server.statements.length = 0;
    await refreshRosterSpans(server.dataSource.manager);
    expectTransactSql(server.statements);
    const updated = server.statements.map(
      (sql) => /^UPDATE "dbo"\."(\w+)" SET .* WHERE \(.* <> .* IS NOT NULL\)/s.exec(sql)?.[1],
    );
    expect(updated).toEqual(['classes', 'enrollments', 'users']);
    server.statements.length = 0;
    // An import's: only what it wrote, and what depends on that.
    await refreshSchoolYearSpans(server.dataSource.manager, { at: '2026-09-01T02:00:00.000Z' });
    await refreshFirstBeginDates(server.dataSource.manager, { at: '2026-09-01T02:00:00.000Z' });
    expectTransactSql(server.statements);
    // One statement for each way a row can have been written, each through an index: the rows stamped, then the others.
    const stamped = (table: string, at: string) =>
      new RegExp(`^UPDATE "dbo"\\."${table}" .* WHERE "${table}"\\."date_last_modified" = ${at} AND \\(`, 's');
    const dependant = (table: string, at: string, condition: string) =>
      new RegExp(
        `^UPDATE "dbo"\\."${table}" .* WHERE "${table}"\\."date_last_modified" <> ${at} AND ${condition}`,
        's',
      );
    expect(server.statements).toEqual([
      expect.stringMatching(stamped('classes', '@0')),
      expect.stringMatching(
        dependant('classes', '@0', '"classes"\\."sourced_id" IN \\(SELECT "ct"\\."class_sourced_id" '),
      ),
      expect.stringMatching(stamped('enrollments', '@0')),
      expect.stringMatching(
        dependant('enrollments', '@0', '"enrollments"\\."class_sourced_id" IN \\(SELECT "written"\\."sourced_id" '),
      ),
      expect.stringMatching(
        dependant('enrollments', '@0', '"enrollments"\\."class_sourced_id" IN \\(SELECT "ct"\\."class_sourced_id" '),
      ),
      expect.stringMatching(stamped('users', '@1')),
      expect.stringMatching(
        dependant('users', '@1', '"users"\\."sourced_id" IN \\(SELECT "written"\\."user_sourced_id" '),
      ),
    ]);
    server.statements.length = 0;
    // Tables an import filled from empty hold no row it did not stamp. SQL Server copies no rows in the database (nor
    // derives their spans as it copies): their stamped rows are compared all the same.
    const filled = new Set([EnrollmentEntity, UserEntity]);
    await refreshSchoolYearSpans(server.dataSource.manager, { at: '2026-09-01T02:00:00.000Z', filled });
    await refreshFirstBeginDates(server.dataSource.manager, { at: '2026-09-01T02:00:00.000Z', filled });
    expect(server.statements).toEqual([
      expect.stringMatching(stamped('classes', '@0')),
      expect.stringMatching(
        dependant('classes', '@0', '"classes"\\."sourced_id" IN \\(SELECT "ct"\\."class_sourced_id" '),
      ),
      expect.stringMatching(stamped('enrollments', '@0')),
      expect.stringMatching(stamped('users', '@1')),
    ]);
  });

  it('a client, its token and the token check', async () => {
    server.answer(/FROM "dbo"\."token_signing_keys"/, [
      rawRow(server.dataSource, TokenSigningKeyEntity, 'TokenSigningKeyEntity', {
        id: 'current',
        secret: 'a'.repeat(43),
        createdAt: '2026-09-01T08:00:00.000Z',
      }),
    ]);
    server.statements.length = 0;
    const clients = new ClientsService(server.dataSource, CONFIG);
    const tokens = new TokensService(server.dataSource, CONFIG);
    const created = await clients.create('board', 'SDS');
    const client = Object.assign(new ApiClientEntity(), { clientId: created.clientId, tenantId: 'board' });
    const issued = await tokens.issue(client, ['https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly']);
    expect(await tokens.validate(issued.access_token)).toBeNull(); // no tenant row answers: the check ran
    expect(server.statements.some((sql) => /^INSERT INTO "dbo"\."api_clients"/.test(sql))).toBe(true);
    expect(server.statements.some((sql) => /^UPDATE "dbo"\."api_clients" SET "last_token_at"/.test(sql))).toBe(true);
    expectTransactSql(server.statements);
  });
});
