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
  /**
   * Written as `column IN (the tenant's list)` rather than `EXISTS (its row)`. A planner reads the EXISTS form record by
   * record in the order it walks the table (every board's records, for each tenant); this form reads the tenant's own
   * records through the index on `column`, and a sorted page sorts them. See ViewRead.
   */
  gathered?: boolean;
  /**
   * With `gathered`, for a list's count or page, which gathers only a view holding little of the table (or a page's
   * last records): PostgreSQL then reads the tenant's orgs as an array it probes their index with
   * (`= ANY(ARRAY(…))`), a bitmap scan of the tenant's own records, where it hashed the subquery against every record
   * of the table (a parallel sequential scan): a tenant's enrollments among twenty boards counted in 10 to 26 ms
   * against 96 to 128 ms. Over a view of the whole table the bitmap costs more than the scan (132 against 79 ms for
   * 420,000 enrollments), so the lists of a whole view (orgInScopeList) keep the subquery but where the caller knows the
   * view holds little of the table (the guard's counts, see SMALL_VIEW_SHARE). Other databases, and the
   * users' membership lists (a board's every user, probed one by one: 105 against 37 ms for 64,000), keep it too.
   */
  probed?: boolean;
}

/** Restricts a query to what one tenant may see; every resource reader is built with one. */
export type ScopeCondition = <E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  tenantId: string,
  options?: ScopeOptions,
) => SelectQueryBuilder<E>;

const aliasFor = (prefix: string, column: string) => `${prefix}_${column.replace(/\W/g, '_')}`;

/** The tenant's rows a scope condition reads: the subquery of the one that names `column`, or the list of them all. */
interface ScopeRows {
  /** Selects `1` where the row names `column`. */
  one(column: string): SelectQueryBuilder<ObjectLiteral>;
  /** Selects the sourcedIds the rows name. */
  all(): SelectQueryBuilder<ObjectLiteral>;
}

function written(
  outer: SelectQueryBuilder<ObjectLiteral>,
  column: string,
  rows: ScopeRows,
  options: ScopeOptions = {},
) {
  if (options.negated) return `NOT EXISTS ${rows.one(column).getQuery()}`;
  const inScope = options.gathered ? gatheredIn(outer, column, rows, options) : `EXISTS ${rows.one(column).getQuery()}`;
  const alternative = options.orDeparted ? departed(outer, column, options.orDeparted) : options.orElse;
  return alternative ? `(${inScope} OR ${alternative})` : inScope;
}

/** `column` among the sourcedIds the rows name, as a subquery or, probed on PostgreSQL, as an array (see ScopeOptions). */
function gatheredIn(outer: SelectQueryBuilder<ObjectLiteral>, column: string, rows: ScopeRows, options: ScopeOptions) {
  const list = rows.all().getQuery();
  const probed = options.probed && outer.connection.driver.options.type === 'postgres';
  return probed ? `${column} = ANY(ARRAY${list})` : `${column} IN ${list}`;
}

/** The tables that list a tenant's records by (tenantId, entityType, sourcedId). */
type TenantRecordTable = typeof TenantScopeEntity | typeof TenantDepartureEntity;

/** The rows of `table` that list records as `entityType` for the tenant (:scopeTenantId). */
function tenantRows(
  outer: SelectQueryBuilder<ObjectLiteral>,
  table: TenantRecordTable,
  alias: string,
  entityType: ScopedType | DepartingType,
): ScopeRows {
  const rows = (select: string) =>
    outer
      .subQuery()
      .select(select)
      .from(table, alias)
      .where(`${alias}.tenantId = :scopeTenantId`)
      .andWhere(`${alias}.entityType = '${entityType}'`);
  return {
    one: (column) => rows('1').andWhere(`${alias}.sourcedId = ${column}`),
    all: () => rows(`${alias}.sourcedId`),
  };
}

function departed(outer: SelectQueryBuilder<ObjectLiteral>, column: string, type: DepartingType): string {
  return `EXISTS ${tenantRows(outer, TenantDepartureEntity, aliasFor('departed', column), type).one(column).getQuery()}`;
}

/** `column` holds the sourcedId of an org (or academic session) in the tenant's scope. */
export function inScope(entityType: ScopedType, column: string): ScopeCondition {
  const alias = aliasFor('scope', column);
  return (qb, tenantId, options) =>
    qb.andWhere((outer) => written(outer, column, tenantRows(outer, TenantScopeEntity, alias, entityType), options), {
      scopeTenantId: tenantId,
    });
}

/** `column` holds the sourcedId of a user with at least one org in the tenant's scope. */
export function userInScope(column: string): ScopeCondition {
  const membership = aliasFor('member', column);
  const scope = aliasFor('scope', column);
  return (qb, tenantId, options) =>
    qb.andWhere(
      (outer) => {
        const members = (select: string) =>
          outer
            .subQuery()
            .select(select)
            .from(UserOrgEntity, membership)
            .innerJoin(
              TenantScopeEntity,
              scope,
              `${scope}.sourcedId = ${membership}.orgSourcedId AND ${scope}.tenantId = :scopeTenantId AND ${scope}.entityType = 'org'`,
            );
        const rows: ScopeRows = {
          one: (member) => members('1').where(`${membership}.userSourcedId = ${member}`),
          all: () => members(`${membership}.userSourcedId`),
        };
        return written(outer, column, rows, { ...options, probed: false });
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
  options?: Pick<ScopeOptions, 'probed'>,
) => SelectQueryBuilder<E>;

/**
 * The records of orgInScope, gathered (see ScopeOptions): for work over one tenant's whole view (an import's guard, its
 * usernames), which reads the view through the index on `column` whatever the tenant's share of the table. `probed`
 * where the caller knows the view holds little of the table.
 */
export const orgInScopeList =
  (column: string): ViewCondition =>
  (qb, tenantId, options) =>
    orgInScope(column)(qb, tenantId, { gathered: true, probed: options?.probed });

/** The records of userInScope, gathered, as orgInScopeList (never probed). */
export const userInScopeList =
  (column: string): ViewCondition =>
  (qb, tenantId) =>
    userInScope(column)(qb, tenantId, { gathered: true });
