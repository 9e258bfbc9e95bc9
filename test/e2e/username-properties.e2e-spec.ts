import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Publisher } from '../../src/publication/publisher.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { UserEntity } from '../../src/users/user.entity';
import { TenantUsernameEntity } from '../../src/users/tenant-username.entity';
import { factories, T0 } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const GIVEN = ['Bart', 'Émile', 'Zoë', 'An'];
const FAMILY = ['Swings', "D'Hondt", 'Van den Broeck'];

const person = fc.record({
  role: fc.constantFrom('teacher' as const, 'student' as const),
  givenName: fc.constantFrom(...GIVEN),
  familyName: fc.constantFrom(...FAMILY),
});
/** People arriving over several imports: few names, so that they collide. */
const arrivals = fc.array(fc.array(person, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });
const renames = fc.array(
  fc.record({ index: fc.nat(), givenName: fc.constantFrom(...GIVEN), familyName: fc.constantFrom(...FAMILY) }),
  { maxLength: 5 },
);

describe('username assignment, as properties over the real assigner and database', () => {
  let t: TestApp;
  let run = 0;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const names = async (tenantId: string) =>
    (
      await t.dataSource
        .getRepository(TenantUsernameEntity)
        .find({ where: { tenantId }, order: { userSourcedId: 'ASC' } })
    ).map((row) => ({ id: row.userSourcedId, name: `${row.localPart}@${row.domain}` }));

  it('whatever the arrival order, everyone gets a name unique in their domain; re-imports and name changes never change one', async () => {
    await fc.assert(
      fc.asyncProperty(arrivals, renames, async (batches, changes) => {
        const id = `p${++run}`;
        const make = factories(t.dataSource);
        await make.org(`school-${id}`, { name: `School ${id}` });
        await t.app.get(TenantsService).create(id, {
          name: id,
          orgs: [`school-${id}`],
          domain: 'school.example',
          studentDomain: 'leerling.school.example',
        });
        const ids: string[] = [];
        for (const [b, batch] of batches.entries()) {
          for (const [i, p] of batch.entries()) {
            ids.push(`${id}-${b}-${i}`);
            await make.user(ids.at(-1)!, { orgs: [`school-${id}`] }, p);
          }
          await t.app.get(Publisher).refresh(undefined, T0);
        }
        const given = await names(id);
        expect(given.map((row) => row.id).sort()).toEqual([...ids].sort());
        expect(new Set(given.map((row) => row.name)).size).toBe(given.length);

        const users = t.dataSource.getRepository(UserEntity);
        for (const change of changes) {
          await users.update(
            { sourcedId: ids[change.index % ids.length] },
            { givenName: change.givenName, familyName: change.familyName },
          );
        }
        await t.app.get(Publisher).refresh(undefined, T0);
        await t.app.get(Publisher).refresh(undefined, T0);
        expect(await names(id)).toEqual(given);
      }),
      { numRuns: 12 },
    );
  });
});
