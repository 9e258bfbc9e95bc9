import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UserEntity } from '../../src/users/user.entity';
import { TenantUsernameEntity } from '../../src/users/tenant-username.entity';
import { factories, T0 } from '../support/factories';
import { seedSmallBoard } from '../support/small-board';
import { startTestApp, TestApp } from '../support/test-app';

describe('username assignment per tenant', () => {
  let t: TestApp;
  const names = async (tenantId: string) =>
    Object.fromEntries(
      (await t.dataSource.getRepository(TenantUsernameEntity).findBy({ tenantId })).map((row) => [
        row.userSourcedId,
        row.domain ? `${row.localPart}@${row.domain}` : row.localPart,
      ]),
    );
  const bart = (id: string, role: 'teacher' | 'student', school: string) =>
    factories(t.dataSource).user(id, { orgs: [school] }, { role, givenName: 'Bart', familyName: 'Swings' });
  const refresh = () => t.app.get(Publisher).refresh(undefined, T0);

  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
    await bart('bart-s2', 'student', 'school-2');
    await bart('bart-s1', 'student', 'school-1');
    await bart('bart-t', 'teacher', 'school-1');
    const tenants = t.app.get(TenantsService);
    await tenants.create('leie', {
      name: 'Leie',
      orgs: ['district'],
      domain: 'sgleie.be',
      studentDomain: 'leerling.sgleie.be',
    });
    await tenants.create('zuid', { name: 'Zuid', orgs: ['school-2'] });
  });
  afterAll(() => t?.close());

  it('gives students and staff a name from the format, folded to Entra rules, staff first and then by sourcedId, unique per domain', async () => {
    const leie = await names('leie');
    expect(leie).toMatchObject({
      'teacher-1': 'evelien.poppe@sgleie.be',
      'teacher-2': 'jurgen.dhondt@sgleie.be',
      'bart-t': 'bart.swings@sgleie.be',
      'bart-s1': 'bart.swings@leerling.sgleie.be',
      'bart-s2': 'bart.swings2@leerling.sgleie.be',
      'student-02': 'zoe.vandenbroeck@leerling.sgleie.be',
    });
    expect(leie).not.toHaveProperty('parent-1');
    expect(Object.keys(leie)).toHaveLength(2 + 14 + 3);
  });

  it('keeps names per tenant: another board hands out its own', async () => {
    expect(await names('zuid')).toMatchObject({ 'bart-s2': 'bart.swings', 'teacher-2': 'jurgen.dhondt' });
  });

  it("never changes an assigned name by itself, and never gives a leaver's name to somebody else", async () => {
    const users = t.dataSource.getRepository(UserEntity);
    await users.update({ sourcedId: 'bart-s1' }, { givenName: 'Bert', status: 'tobedeleted' });
    await users.update({ sourcedId: 'teacher-1' }, { familyName: 'Poppe-Peeters' });
    await bart('bart-s3', 'student', 'school-1');
    await refresh();
    expect(await names('leie')).toMatchObject({
      'bart-s1': 'bart.swings@leerling.sgleie.be',
      'teacher-1': 'evelien.poppe@sgleie.be',
      'bart-s3': 'bart.swings3@leerling.sgleie.be',
    });
  });

  it('does not rename anybody when the format changes; newcomers get the new format', async () => {
    const before = await names('leie');
    await t.app
      .get(TenantsService)
      .update('leie', { usernameFormat: '{firstName:1}{lastName}', usernameMaxLength: 10 });
    await factories(t.dataSource).user(
      'new-teacher',
      { orgs: ['school-1'] },
      { role: 'teacher', givenName: 'Ann', familyName: 'Van den Broeckxyz' },
    );
    await refresh();
    const after = await names('leie');
    expect(after).toMatchObject(before);
    expect(after['new-teacher']).toBe('avandenbro@sgleie.be');
  });
});
