import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { UserOrgEntity } from './user-org.entity';
import { ScopedType, TenantScopeEntity } from './tenant-scope.entity';

/** Restricts a query to what one tenant may see; every resource reader is built with one. */
export type ScopeCondition = <E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  tenantId: string,
) => SelectQueryBuilder<E>;

const aliasFor = (prefix: string, column: string) => `${prefix}_${column.replace(/\W/g, '_')}`;

/** `column` holds the sourcedId of an org (or academic session) in the tenant's scope. */
export function inScope(entityType: ScopedType, column: string): ScopeCondition {
  const alias = aliasFor('scope', column);
  return (qb, tenantId) =>
    qb.andWhere(
      (outer) => {
        const scoped = outer
          .subQuery()
          .select('1')
          .from(TenantScopeEntity, alias)
          .where(`${alias}.tenantId = :scopeTenantId`)
          .andWhere(`${alias}.entityType = '${entityType}'`)
          .andWhere(`${alias}.sourcedId = ${column}`)
          .getQuery();
        return `EXISTS ${scoped}`;
      },
      { scopeTenantId: tenantId },
    );
}

/** `column` holds the sourcedId of a user with at least one org in the tenant's scope. */
export function userInScope(column: string): ScopeCondition {
  const membership = aliasFor('member', column);
  const scope = aliasFor('scope', column);
  return (qb, tenantId) =>
    qb.andWhere(
      (outer) => {
        const scoped = outer
          .subQuery()
          .select('1')
          .from(UserOrgEntity, membership)
          .innerJoin(
            TenantScopeEntity,
            scope,
            `${scope}.sourcedId = ${membership}.orgSourcedId AND ${scope}.tenantId = :scopeTenantId AND ${scope}.entityType = 'org'`,
          )
          .where(`${membership}.userSourcedId = ${column}`)
          .getQuery();
        return `EXISTS ${scoped}`;
      },
      { scopeTenantId: tenantId },
    );
}

export const orgInScope = (column: string) => inScope('org', column);
export const sessionInScope = (column: string) => inScope('academicSession', column);
