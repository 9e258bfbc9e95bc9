import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ClassEntity } from '../classes/class.entity';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { TenantEntity } from '../tenancy/tenant.entity';
import { orgInScope, userInScope } from '../tenancy/tenant-scope.conditions';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity } from '../users/user.entity';

/** When an import is held: it would retire more than `percent` % of a tenant's active records, and more than `minimum`. */
export interface GuardSettings {
  readonly percent: number;
  readonly minimum: number;
}

export const GUARDED = ['users', 'classes', 'enrollments'] as const;
export type GuardedCollection = (typeof GUARDED)[number];

export interface CollectionRemoval {
  /** Active in the tenant's view before the import. */
  active: number;
  /** Of those, retired (tobedeleted) by the import. */
  removed: number;
  /** Removed records per school (for users: per org they belong to). */
  bySchool: Record<string, number>;
  /** The first removed records, `sourcedId (name)`. */
  first: string[];
}

export interface TenantRemoval {
  tenantId: string;
  /** The threshold this tenant's removals were held against: its own, else the deployment's. */
  threshold: GuardSettings;
  collections: Record<GuardedCollection, CollectionRemoval>;
  /** The collections whose removals pass the guard's threshold. */
  overThreshold: GuardedCollection[];
}

/** What an import would take away from each tenant's view; `held` when any tenant passes the threshold. */
export interface RemovalDiff {
  tenants: TenantRemoval[];
  held: boolean;
}

const FIRST = 10;

/** A tenant's active records per guarded collection before an import, and the threshold it is held to. */
interface ActiveBefore {
  counts: Record<GuardedCollection, number>;
  threshold: GuardSettings;
}

function passes({ active, removed }: CollectionRemoval, { percent, minimum }: GuardSettings): boolean {
  return removed > minimum && removed * 100 > active * percent;
}

interface Guarded {
  entity: new () => ObjectLiteral;
  alias: string;
  scoped: (qb: SelectQueryBuilder<ObjectLiteral>, tenantId: string) => SelectQueryBuilder<ObjectLiteral>;
  /** The school (org) column a removal is counted under, joined where needed. */
  school: (qb: SelectQueryBuilder<ObjectLiteral>) => SelectQueryBuilder<ObjectLiteral>;
  name: string;
}

const COLLECTIONS: Record<GuardedCollection, Guarded> = {
  users: {
    entity: UserEntity,
    alias: 'usr',
    scoped: (qb, tenantId) => userInScope('usr.sourcedId')(qb, tenantId),
    school: (qb) =>
      qb
        .innerJoin(UserOrgEntity, 'membership', 'membership.userSourcedId = usr.sourcedId')
        .addSelect('membership.orgSourcedId', 'school'),
    name: "CONCAT(usr.givenName, CONCAT(' ', usr.familyName))",
  },
  classes: {
    entity: ClassEntity,
    alias: 'cls',
    scoped: (qb, tenantId) => orgInScope('cls.schoolSourcedId')(qb, tenantId),
    school: (qb) => qb.addSelect('cls.schoolSourcedId', 'school'),
    name: 'cls.title',
  },
  enrollments: {
    entity: EnrollmentEntity,
    alias: 'enrollment',
    scoped: (qb, tenantId) => orgInScope('enrollment.schoolSourcedId')(qb, tenantId),
    school: (qb) => qb.addSelect('enrollment.schoolSourcedId', 'school'),
    name: "CONCAT(enrollment.userSourcedId, CONCAT(' in ', enrollment.classSourcedId))",
  },
};

/**
 * The mass-removal guard. SDS deactivates whatever a run no longer sees: a SIS export that lost a school, or a
 * users.csv cut short, would retire hundreds of pupils' accounts overnight. Before an import's apply the guard
 * counts each tenant's active users, classes and enrollments; after it (still inside the transaction, with the
 * tenants' scopes as they were) it counts what the import retired, so the import can be held for a person to look at.
 */
export class RemovalGuard {
  constructor(private readonly defaults: GuardSettings) {}

  /** Each tenant's active records per guarded collection, and its threshold, before the apply. */
  async activeBefore(manager: EntityManager): Promise<Map<string, ActiveBefore>> {
    const tenants = await manager
      .getRepository(TenantEntity)
      .find({ select: { id: true, guardPercent: true, guardMinimum: true } });
    const before = new Map<string, ActiveBefore>();
    for (const tenant of tenants) {
      const counts = {} as Record<GuardedCollection, number>;
      for (const collection of GUARDED)
        counts[collection] = await this.inView(manager, collection, tenant.id, 'active').getCount();
      before.set(tenant.id, { counts, threshold: this.thresholdOf(tenant) });
    }
    return before;
  }

  private thresholdOf({ guardPercent, guardMinimum }: TenantEntity): GuardSettings {
    return { percent: guardPercent ?? this.defaults.percent, minimum: guardMinimum ?? this.defaults.minimum };
  }

  /** What the apply retired from each tenant's view (records now tobedeleted with the import's stamp). */
  async diff(manager: EntityManager, before: Map<string, ActiveBefore>, stamp: string): Promise<RemovalDiff> {
    const tenants: TenantRemoval[] = [];
    for (const [tenantId, { counts, threshold }] of before) {
      const collections = {} as Record<GuardedCollection, CollectionRemoval>;
      for (const collection of GUARDED)
        collections[collection] = await this.removed(manager, collection, tenantId, counts[collection], stamp);
      const overThreshold = GUARDED.filter((collection) => passes(collections[collection], threshold));
      tenants.push({ tenantId, threshold, collections, overThreshold });
    }
    return { tenants, held: tenants.some((tenant) => tenant.overThreshold.length > 0) };
  }

  private async removed(
    manager: EntityManager,
    collection: GuardedCollection,
    tenantId: string,
    active: number,
    stamp: string,
  ): Promise<CollectionRemoval> {
    const { alias, school, name } = COLLECTIONS[collection];
    const retired = () =>
      this.inView(manager, collection, tenantId, 'tobedeleted').andWhere(`${alias}.dateLastModified = :stamp`, {
        stamp,
      });
    const removed = await retired().getCount();
    if (removed === 0) return { active, removed, bySchool: {}, first: [] };
    const perSchool = await school(retired().select('COUNT(1)', 'count'))
      .groupBy(collection === 'users' ? 'membership.orgSourcedId' : `${alias}.schoolSourcedId`)
      .getRawMany<{ school: string; count: string | number }>();
    const first = await retired()
      .select(`${alias}.sourcedId`, 'sourcedId')
      .addSelect(name, 'name')
      .orderBy(`${alias}.sourcedId`)
      .limit(FIRST)
      .getRawMany<{ sourcedId: string; name: string }>();
    return {
      active,
      removed,
      bySchool: Object.fromEntries(perSchool.map((row) => [row.school, Number(row.count)])),
      first: first.map((row) => `${row.sourcedId} (${row.name})`),
    };
  }

  private inView(manager: EntityManager, collection: GuardedCollection, tenantId: string, status: string) {
    const { entity, alias, scoped } = COLLECTIONS[collection];
    const qb = manager.createQueryBuilder(entity, alias).where(`${alias}.status = :status`, { status });
    return scoped(qb, tenantId);
  }
}

/** Whether two diffs retire the same records from the same tenants (thresholds aside: an approval overrides them). */
export function sameRemovals(a: RemovalDiff, b: RemovalDiff): boolean {
  const removals = (diff: RemovalDiff) =>
    JSON.stringify(diff.tenants.map(({ tenantId, collections }) => [tenantId, collections]));
  return removals(a) === removals(b);
}
