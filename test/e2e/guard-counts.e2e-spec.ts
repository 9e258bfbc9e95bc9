import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityTarget, In, ObjectLiteral } from 'typeorm';
import { ClassEntity } from '../../src/classes/class.entity';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { RecordStatus } from '../../src/oneroster/rostering-record';
import { UserEntity } from '../../src/users/user.entity';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { RemovalGuard } from '../../src/csv/removal-guard';
import { TenantActiveCountEntity } from '../../src/tenancy/tenant-active-count.entity';
import { UserOrgEntity } from '../../src/tenancy/user-org.entity';
import { TenantsService } from '../../src/tenants/tenants.service';
import { copyBundle, editCsv, withoutOnePupil } from '../support/bundles';
import { startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

/** A pupil of org-school-1 that the base bundle does not have. */
const withNewcomer = (dir: string) => {
  editCsv(dir, 'users.csv', (text) => `${text}usr-s-9,,,true,org-school-1,student,,,Nieuw,Kind,,S9,,,,,07,\n`);
  return dir;
};

/** Rolled back: the guard's counts as it would make them with none kept. */
async function freshCounts(t: TestApp): Promise<Record<string, unknown>> {
  const rollback = new Error('rollback');
  let counts: Record<string, unknown> = {};
  await t.dataSource
    .transaction(async (manager) => {
      await manager.createQueryBuilder().delete().from(TenantActiveCountEntity).execute();
      const before = await new RemovalGuard({ percent: 100, minimum: 0 }).activeBefore(manager);
      counts = Object.fromEntries([...before].map(([tenantId, { counts }]) => [tenantId, counts]));
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return counts;
}

async function keptCounts(t: TestApp): Promise<Record<string, unknown>> {
  const rows = await t.dataSource.getRepository(TenantActiveCountEntity).find();
  return Object.fromEntries(rows.map(({ tenantId, settingsOf: _settings, ...counts }) => [tenantId, counts]));
}

/**
 * The guard's base, each tenant's active users, classes and enrollments, is kept from one import to the next; a view an
 * import touched is counted again by the next import (see TenantActiveCountEntity).
 */
describe("the guard's kept counts", () => {
  describe('after imports that touch some views and not others', () => {
    let t: TestApp;
    const importBundle = (dir: string) => t.app.get(BundleImporter).importBundle(dir);

    beforeAll(async () => {
      t = await startTestApp({ IMPORT_GUARD_PERCENT: '100', IMPORT_GUARD_MINIMUM: '0' });
      expect((await importBundle(copyBundle('base'))).applied).toBe(true);
      await t.app.get(TenantsService).create('noord', { name: 'noord', orgs: ['org-school-1'] });
      await t.app.get(TenantsService).create('zuid', { name: 'zuid', orgs: ['org-school-2'] });
    });
    afterAll(() => t?.close());

    it('are what counting every view again gives, and a touched view is left to the next import to count', async () => {
      // A newcomer in noord's school, then a leaver of zuid's: each import touches one of the two (and the test
      // tenant, which serves every org).
      expect((await importBundle(withNewcomer(copyBundle('base')))).applied).toBe(true);
      expect(Object.keys(await keptCounts(t))).toEqual(['zuid']);
      expect(await freshCounts(t)).toMatchObject(await keptCounts(t));
      expect((await importBundle(withNewcomer(withoutOnePupil()))).applied).toBe(true);
      expect(await keptCounts(t)).toEqual({ noord: { users: 5, classes: 1, enrollments: 3 } });
      expect(await freshCounts(t)).toMatchObject(await keptCounts(t));
    });

    // zuid holds a quarter of the orgs: on PostgreSQL its view is counted by probing their index (ScopeOptions.probed).
    it("count a small tenant's view as a plain count of its school's active records", async () => {
      const active = { status: 'active' as const };
      const school = { ...active, schoolSourcedId: 'org-school-2' };
      const members = await t.dataSource.getRepository(UserOrgEntity).findBy({ orgSourcedId: In(['org-school-2']) });
      expect((await freshCounts(t)).zuid).toEqual({
        users: await t.dataSource
          .getRepository(UserEntity)
          .countBy({ ...active, sourcedId: In(members.map((member) => member.userSourcedId)) }),
        classes: await t.dataSource.getRepository(ClassEntity).countBy(school),
        enrollments: await t.dataSource.getRepository(EnrollmentEntity).countBy(school),
      });
    });

    it("count a view's active records, none of those tobedeleted", async () => {
      // After the leaver above, the tenant that serves every org has records of both statuses.
      const countOf = (entity: EntityTarget<ObjectLiteral>, status: RecordStatus) =>
        t.dataSource.getRepository(entity).countBy({ status });
      expect(await countOf(EnrollmentEntity, 'tobedeleted')).toBeGreaterThan(0);
      expect((await freshCounts(t))[TEST_TENANT]).toEqual({
        users: await countOf(UserEntity, 'active'),
        classes: await countOf(ClassEntity, 'active'),
        enrollments: await countOf(EnrollmentEntity, 'active'),
      });
    });
  });

  describe('after a tenant change between two imports', () => {
    let t: TestApp;
    const importBundle = (dir: string) => t.app.get(BundleImporter).importBundle(dir);

    beforeAll(async () => {
      t = await startTestApp({ IMPORT_GUARD_PERCENT: '50', IMPORT_GUARD_MINIMUM: '0' });
      expect((await importBundle(copyBundle('base'))).applied).toBe(true);
      await t.app.get(TenantsService).create('zuid', { name: 'zuid', orgs: ['org-school-1'] });
      // A class of org-school-2 renamed: zuid's view is not touched, so its counts are kept.
      const renamed = copyBundle('base');
      editCsv(renamed, 'classes.csv', (text) => text.replace('Nederlands 1B', 'Frans 1B'));
      expect((await importBundle(renamed)).applied).toBe(true);
    });
    afterAll(() => t?.close());

    it("holds an import against the tenant's new view, not the counts of its old one", async () => {
      const counts = t.dataSource.getRepository(TenantActiveCountEntity);
      const old = await counts.findOneByOrFail({ tenantId: 'zuid' });
      expect(old).toMatchObject({ users: 4 });
      await t.app.get(TenantsService).update('zuid', { orgs: ['org-school-2'] });
      // As an import on another instance, that counted before the change and committed after it, would leave them.
      await counts.save(old);
      // zuid now serves one pupil, whom this import retires: 1 of 1 is over 50% (1 of 4 would not be).
      const report = await importBundle(withoutOnePupil());
      expect(report.held).toBe(true);
      const zuid = report.diff!.tenants.find((tenant) => tenant.tenantId === 'zuid')!;
      expect(zuid.collections.users).toMatchObject({ active: 1, removed: 1 });
      expect(zuid.overThreshold).toContain('users');
    });
  });
});
