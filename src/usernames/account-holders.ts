import { EntityManager } from 'typeorm';
import { DemographicsEntity } from '../demographics/demographics.entity';
import { OrgEntity } from '../orgs/org.entity';
import { orgInScope, userInScope } from '../tenancy/tenant-scope.conditions';
import { TenantEntity } from '../tenancy/tenant.entity';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity } from '../users/user.entity';
import { UsageError } from '../usage-error';
import { TenantUsernameEntity, UsernameOrigin } from '../users/tenant-username.entity';

/** A student or staff member of a tenant with the username the tenant gave them. */
export interface AccountHolder {
  sourcedId: string;
  role: string;
  givenName: string;
  familyName: string;
  middleName: string | null;
  identifier: string | null;
  /** The SIS's login name (users.csv). */
  username: string;
  /** The SIS's email (users.csv). */
  email: string | null;
  birthDate: string | null;
  domain: string;
  localPart: string;
  origin: UsernameOrigin;
}

/** `local@domain`, or `local` for a tenant without a domain: the username as served. */
export function upn(holder: { localPart: string; domain: string }): string {
  return holder.domain ? `${holder.localPart}@${holder.domain}` : holder.localPart;
}

export async function findTenant(manager: EntityManager, tenantId: string): Promise<TenantEntity> {
  const tenant = await manager.findOneBy(TenantEntity, { id: tenantId });
  if (!tenant) throw new UsageError(`no tenant '${tenantId}' (see: tenants list)`, 'not-found');
  return tenant;
}

/** The tenant's active, in-scope people who hold a username, in sourcedId order. */
export async function accountHolders(manager: EntityManager, tenantId: string): Promise<AccountHolder[]> {
  const qb = manager
    .createQueryBuilder(UserEntity, 'usr')
    .innerJoin(
      TenantUsernameEntity,
      'assigned',
      'assigned.userSourcedId = usr.sourcedId AND assigned.tenantId = :tenantId',
      { tenantId },
    )
    .leftJoin(DemographicsEntity, 'demo', 'demo.sourcedId = usr.sourcedId')
    .select('usr.sourcedId', 'sourcedId');
  for (const name of ['role', 'givenName', 'familyName', 'middleName', 'identifier', 'username', 'email'])
    qb.addSelect(`usr.${name}`, name);
  for (const name of ['domain', 'localPart', 'origin']) qb.addSelect(`assigned.${name}`, name);
  qb.addSelect('demo.birthDate', 'birthDate').where("usr.status = 'active'").orderBy('usr.sourcedId');
  return userInScope('usr.sourcedId')(qb, tenantId).getRawMany<AccountHolder>();
}

/** Names of each user's in-scope orgs, for the review file's school column. */
export async function schoolsOfUsers(manager: EntityManager, tenantId: string): Promise<Map<string, string[]>> {
  const qb = manager
    .createQueryBuilder(UserOrgEntity, 'link')
    .innerJoin(OrgEntity, 'org', 'org.sourcedId = link.orgSourcedId')
    .select('link.userSourcedId', 'userSourcedId')
    .addSelect('org.name', 'name')
    .orderBy('link.userSourcedId')
    .addOrderBy('link.position');
  const rows = await orgInScope('link.orgSourcedId')(qb, tenantId).getRawMany<{
    userSourcedId: string;
    name: string;
  }>();
  const schools = new Map<string, string[]>();
  for (const row of rows) schools.set(row.userSourcedId, [...(schools.get(row.userSourcedId) ?? []), row.name]);
  return schools;
}
