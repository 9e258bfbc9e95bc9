import { ViewShare } from '../oneroster/resource-reader';
import { TenantScopeEntity } from '../tenancy/tenant-scope.entity';
import { OrgEntity } from './org.entity';

/**
 * The share of the deployment's orgs in the tenant's scope: of the records an org puts in a tenant's view (its own,
 * its classes, courses, enrollments, members), the share a tenant's view is expected to hold. Two counts of small
 * tables, remembered per published state (see ListSource).
 */
export const orgShare: ViewShare = async (manager, tenantId) => {
  const scoped = await manager.getRepository(TenantScopeEntity).countBy({ tenantId, entityType: 'org' });
  const all = await manager.getRepository(OrgEntity).count();
  return all === 0 ? 1 : Math.min(1, scoped / all);
};
