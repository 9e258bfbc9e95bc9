import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantsService } from '../../src/tenants/tenants.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('tenant username settings', () => {
  let t: TestApp;
  let tenants: TenantsService;
  beforeAll(async () => {
    t = await startTestApp();
    tenants = t.app.get(TenantsService);
  });
  afterAll(() => t?.close());

  it('default to {firstName}.{lastName}, 64 characters and no domain', async () => {
    expect(await tenants.create('plain', { name: 'Plain', allOrgs: true })).toMatchObject({
      usernameFormat: '{firstName}.{lastName}',
      usernameMaxLength: 64,
      domain: null,
      staffDomain: null,
      studentDomain: null,
    });
  });

  it('are stored, lower-cased where it matters, and kept by an update that does not name them', async () => {
    await tenants.create('brugge', {
      name: 'Brugge',
      allOrgs: true,
      usernameFormat: '{firstName:1}{lastName}',
      usernameMaxLength: 20,
      domain: 'SGBrugge.be',
      studentDomain: '@leerling.sgbrugge.be',
    });
    expect(await tenants.update('brugge', { name: 'Scholengroep Brugge' })).toMatchObject({
      usernameFormat: '{firstName:1}{lastName}',
      usernameMaxLength: 20,
      domain: 'sgbrugge.be',
      studentDomain: 'leerling.sgbrugge.be',
      staffDomain: null,
    });
    expect(await tenants.update('brugge', { studentDomain: '' })).toMatchObject({
      studentDomain: null,
      domain: 'sgbrugge.be',
    });
  });

  it('are refused with one clear line each, changing nothing', async () => {
    await expect(tenants.update('plain', { usernameFormat: '{firstName}.{surname}' })).rejects.toThrow(
      /unknown placeholder.*surname/i,
    );
    await expect(tenants.update('plain', { usernameFormat: '{birthYear}' })).rejects.toThrow(
      /firstName|lastName|identifier/,
    );
    await expect(tenants.update('plain', { usernameMaxLength: 65 })).rejects.toThrow(/64/);
    await expect(tenants.update('plain', { domain: 'not a domain' })).rejects.toThrow(
      /--domain 'not a domain' is not a domain/,
    );
    await expect(tenants.update('plain', { staffDomain: `${'a'.repeat(46)}.be` })).rejects.toThrow(/48 characters/);
    expect(await tenants.show('plain')).toMatchObject({
      usernameFormat: '{firstName}.{lastName}',
      usernameMaxLength: 64,
      domain: null,
    });
  });
});
