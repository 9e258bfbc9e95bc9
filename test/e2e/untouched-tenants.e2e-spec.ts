import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AfterQueryEvent } from 'typeorm';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { TenantClassTitleEntity } from '../../src/classes/tenant-class-title.entity';
import { TenantDepartureEntity } from '../../src/tenancy/tenant-departure.entity';
import { TenantsService } from '../../src/tenants/tenants.service';
import { TenantUsernameEntity } from '../../src/users/tenant-username.entity';
import { copyBundle, editCsv, otherSisBundle } from '../support/bundles';
import { startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

const TENANTS = ['brugge', 'elsewhere', 'gent', TEST_TENANT];

/**
 * An import derives again (scope, departures, usernames, class titles) only the tenants whose view its writes touch.
 * Each case below is a write of one feed that reaches a tenant only through another feed's school in its scope, and
 * that tenant must see it; the last shows that the tenants it does not reach are left alone (the test tenant serves
 * every org, so every import reaches it).
 */
describe('an import derives only the tenants whose view it touched', () => {
  let t: TestApp;
  /** The gent feed's bundle, edited case after case. */
  const gent = otherSisBundle('gent-');
  const importGent = async () =>
    expect((await t.app.get(BundleImporter).importBundle(gent, { feed: 'gent' })).applied).toBe(true);

  beforeAll(async () => {
    t = await startTestApp();
    const importer = t.app.get(BundleImporter);
    expect((await importer.importBundle(copyBundle('base'), { feed: 'brugge' })).applied).toBe(true);
    await importGent();
    const tenants = t.app.get(TenantsService);
    // brugge also serves one school of the gent feed: that school's records reach it through gent's imports.
    await tenants.create('brugge', {
      name: 'brugge',
      orgs: ['org-district', 'gent-org-school-1'],
      classTitleFormat: '{classTitle} - {schoolName}',
    });
    await tenants.create('elsewhere', { name: 'elsewhere', orgs: ['org-school-2'] });
    await tenants.create('gent', { name: 'gent', orgs: ['gent-org-district'] });
  });
  afterAll(() => t?.close());

  it("gives a username to another feed's newcomer in a school of the tenant's scope", async () => {
    editCsv(
      gent,
      'users.csv',
      (text) => `${text}gent-usr-s-9,,,true,gent-org-school-1,student,,,Nieuw,Kind,,S9,,,,,07,\n`,
    );
    await importGent();
    const named = await t.dataSource.getRepository(TenantUsernameEntity).findBy({ userSourcedId: 'gent-usr-s-9' });
    expect(named.map((row) => row.tenantId).sort()).toEqual(['brugge', 'gent', 'test-board']);
  });

  it('renders the class titles of a school that another feed renames', async () => {
    editCsv(gent, 'orgs.csv', (text) =>
      text.replace('gent-org-school-1,,,Sint-Jozefscollege', 'gent-org-school-1,,,Sint-Pieter'),
    );
    await importGent();
    const title = await t.dataSource
      .getRepository(TenantClassTitleEntity)
      .findOneByOrFail({ tenantId: 'brugge', classSourcedId: 'gent-class-1a-wis' });
    expect(title.title).toBe('Wiskunde 1A - Sint-Pieter');
  });

  it("records the departure of a pupil another feed moves out of the tenant's scope", async () => {
    editCsv(gent, 'users.csv', (text) =>
      text.replace(/^(gent-usr-s-1,,,true,)gent-org-school-1,/m, '$1gent-org-school-2,'),
    );
    await importGent();
    const departed = await t.dataSource
      .getRepository(TenantDepartureEntity)
      .findBy({ entityType: 'user', sourcedId: 'gent-usr-s-1' });
    expect(departed.map((row) => row.tenantId)).toEqual(['brugge']);
  });

  it('leaves the usernames and class titles of the tenants it did not reach alone', async () => {
    const tenantsRead: string[] = [];
    const listener = {
      afterQuery(event: AfterQueryEvent) {
        if (/tenant_usernames|tenant_class_titles/.test(event.query))
          tenantsRead.push(
            ...((event.parameters ?? []) as unknown[]).filter((value): value is string =>
              TENANTS.includes(value as string),
            ),
          );
      },
    };
    t.dataSource.subscribers.push(listener);
    try {
      // A class of gent's second school: in the gent tenant's scope only.
      editCsv(gent, 'classes.csv', (text) => text.replace('Nederlands 1B', 'Frans 1B'));
      await importGent();
    } finally {
      t.dataSource.subscribers.splice(t.dataSource.subscribers.indexOf(listener), 1);
    }
    expect(new Set(tenantsRead)).toEqual(new Set(['gent', TEST_TENANT]));
    const title = await t.dataSource
      .getRepository(TenantClassTitleEntity)
      .findOneByOrFail({ tenantId: 'gent', classSourcedId: 'gent-class-1b-ned' });
    expect(title.title).toBe('Frans 1B');
  });
});
