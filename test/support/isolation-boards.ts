import { ClientsService } from '../../src/auth/clients.service';
import { TenantsService } from '../../src/tenants/tenants.service';
import { seedSmallBoard } from './small-board';
import { TestApp, tokenFor } from './test-app';

export type IsolationTenant = 'noord' | 'zuid' | 'campus';

/**
 * The small board shared by three tenants: "noord" has school-1 (by sourcedId) with its site,
 * "zuid" has school-2 (by its identifier), and "campus" shares school-1 but leaves out the site.
 * Returns a token of each tenant's own client, from the real token endpoint.
 */
export async function seedIsolationTenants(t: TestApp): Promise<Record<IsolationTenant, string>> {
  await seedSmallBoard(t.dataSource);
  const tenants = t.app.get(TenantsService);
  await tenants.create('noord', { name: 'Noord', orgs: ['school-1'] });
  await tenants.create('zuid', { name: 'Zuid', orgs: ['067890'] });
  await tenants.create('campus', { name: 'Campus', orgs: ['school-1'], excludeOrgs: ['site-1a'] });
  const token = async (tenant: IsolationTenant) =>
    tokenFor(t.anonymous, await t.app.get(ClientsService).create(tenant, 'sds'));
  return { noord: await token('noord'), zuid: await token('zuid'), campus: await token('campus') };
}
