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

/** Restricts a query to one tenant's view, with no alternatives (see orgInScopeList). */
export type ViewCondition = <E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  tenantId: string,
) => SelectQueryBuilder<E>;

/** `column IN` the list `list` writes into a subquery, for the tenant (:listTenantId). */
function inList(column: string, list: (sub: SelectQueryBuilder<ObjectLiteral>) => SelectQueryBuilder<ObjectLiteral>) {
  const condition: ViewCondition = (qb, tenantId) =>
    qb.andWhere((outer) => `${column} IN ${list(outer.subQuery()).getQuery()}`, { listTenantId: tenantId });
  return condition;
}

const scopedOrgs = (sub: SelectQueryBuilder<ObjectLiteral>) =>
  sub
    .select('listScope.sourcedId')
    .from(TenantScopeEntity, 'listScope')
    .where('listScope.tenantId = :listTenantId')
    .andWhere("listScope.entityType = 'org'");

const membersOfScopedOrgs = (sub: SelectQueryBuilder<ObjectLiteral>) =>
  sub
    .select('listMember.userSourcedId')
    .from(UserOrgEntity, 'listMember')
    .innerJoin(
      TenantScopeEntity,
      'listScope',
      "listScope.sourcedId = listMember.orgSourcedId AND listScope.tenantId = :listTenantId AND listScope.entityType = 'org'",
    );

/**
 * The records of orgInScope, written as `column IN (the tenant's scoped orgs)`. A planner reads the EXISTS form record
 * by record (every board's records, for each tenant); this form reads the tenant's view through the index on `column`.
 * For work over one tenant's whole view (an import's guard, its usernames); pages keep the EXISTS form, which reads in
 * sourcedId order.
 */
export const orgInScopeList = (column: string) => inList(column, scopedOrgs);

/** The records of userInScope, as orgInScopeList writes them: `column IN (the members of the tenant's scoped orgs)`. */
export const userInScopeList = (column: string) => inList(column, membersOfScopedOrgs);
