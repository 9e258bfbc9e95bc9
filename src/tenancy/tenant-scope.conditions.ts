import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { UserOrgEntity } from './user-org.entity';
import { ScopedType, TenantScopeEntity } from './tenant-scope.entity';
import { DepartingType, TenantDepartureEntity } from './tenant-departure.entity';

/** How a scope condition is written into a query. */
export interface ScopeOptions {
  /** Records out of the tenant's scope instead. */
  negated?: boolean;
  /** Records in scope, or matching this SQL condition (e.g. a departure the query joined). */
  orElse?: string;
  /** Records in scope, or departed from it (see TenantDepartureEntity) as this type. */
  orDeparted?: DepartingType;
}

/** Restricts a query to what one tenant may see; every resource reader is built with one. */
export type ScopeCondition = <E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  tenantId: string,
  options?: ScopeOptions,
) => SelectQueryBuilder<E>;

const aliasFor = (prefix: string, column: string) => `${prefix}_${column.replace(/\W/g, '_')}`;

function written(
  outer: SelectQueryBuilder<ObjectLiteral>,
  column: string,
  subquery: string,
  options: ScopeOptions = {},
) {
  if (options.negated) return `NOT EXISTS ${subquery}`;
  const alternative = options.orDeparted ? departed(outer, column, options.orDeparted) : options.orElse;
  return alternative ? `(EXISTS ${subquery} OR ${alternative})` : `EXISTS ${subquery}`;
}

/** The tables that list a tenant's records by (tenantId, entityType, sourcedId). */
type TenantRecordTable = typeof TenantScopeEntity | typeof TenantDepartureEntity;

/** The subquery for the row of `table` that lists `column`'s record as `entityType` for the tenant (:scopeTenantId). */
function tenantRowSubquery(
  outer: SelectQueryBuilder<ObjectLiteral>,
  table: TenantRecordTable,
  alias: string,
  entityType: ScopedType | DepartingType,
  column: string,
): string {
  return outer
    .subQuery()
    .select('1')
    .from(table, alias)
    .where(`${alias}.tenantId = :scopeTenantId`)
    .andWhere(`${alias}.entityType = '${entityType}'`)
    .andWhere(`${alias}.sourcedId = ${column}`)
    .getQuery();
}

function departed(outer: SelectQueryBuilder<ObjectLiteral>, column: string, type: DepartingType): string {
  return `EXISTS ${tenantRowSubquery(outer, TenantDepartureEntity, aliasFor('departed', column), type, column)}`;
}

/** `column` holds the sourcedId of an org (or academic session) in the tenant's scope. */
export function inScope(entityType: ScopedType, column: string): ScopeCondition {
  const alias = aliasFor('scope', column);
  return (qb, tenantId, options) =>
    qb.andWhere(
      (outer) =>
        written(outer, column, tenantRowSubquery(outer, TenantScopeEntity, alias, entityType, column), options),
      { scopeTenantId: tenantId },
    );
}

/** `column` holds the sourcedId of a user with at least one org in the tenant's scope. */
export function userInScope(column: string): ScopeCondition {
  const membership = aliasFor('member', column);
  const scope = aliasFor('scope', column);
  return (qb, tenantId, options) =>
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
        return written(outer, column, scoped, options);
      },
      { scopeTenantId: tenantId },
    );
}

export const orgInScope = (column: string) => inScope('org', column);
export const sessionInScope = (column: string) => inScope('academicSession', column);
