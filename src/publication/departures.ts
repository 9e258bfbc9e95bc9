import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AcademicSessionEntity } from '../academic-sessions/academic-session.entity';
import { ClassEntity } from '../classes/class.entity';
import { CourseEntity } from '../courses/course.entity';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { chunks, rowsPerInsert } from '../database/batches';
import { OrgEntity } from '../orgs/org.entity';
import { DepartingType, TenantDepartureEntity } from '../tenancy/tenant-departure.entity';
import { TenantEntity } from '../tenancy/tenant.entity';
import { orgInScope, ScopeCondition, sessionInScope, userInScope } from '../tenancy/tenant-scope.conditions';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity } from '../users/user.entity';
import { MovedRecordEntity } from './moved-record.entity';

/** A record type of a tenant's view: its table, and how its records are in scope. */
interface Viewed {
  entity: new () => ObjectLiteral;
  alias: string;
  inScope: ScopeCondition;
  /** The org column that puts a record in scope; users have their org list instead, orgs and sessions themselves. */
  owner?: string;
}

const VIEWED: Record<DepartingType, Viewed> = {
  org: { entity: OrgEntity, alias: 'org', inScope: orgInScope('org.sourcedId') },
  academicSession: {
    entity: AcademicSessionEntity,
    alias: 'session',
    inScope: sessionInScope('session.sourcedId'),
  },
  course: { entity: CourseEntity, alias: 'course', inScope: orgInScope('course.orgSourcedId'), owner: 'orgSourcedId' },
  class: { entity: ClassEntity, alias: 'cls', inScope: orgInScope('cls.schoolSourcedId'), owner: 'schoolSourcedId' },
  enrollment: {
    entity: EnrollmentEntity,
    alias: 'enrollment',
    inScope: orgInScope('enrollment.schoolSourcedId'),
    owner: 'schoolSourcedId',
  },
  user: { entity: UserEntity, alias: 'usr', inScope: userInScope('usr.sourcedId') },
};
const TYPES = Object.keys(VIEWED) as DepartingType[];

/** How one tenant's scope changed in a publication; the new scope is already written. */
export interface ScopeChange {
  tenantId: string;
  /** The publication's stamp: when the records leave. */
  stamp: string;
  /** The orgs in scope before. */
  orgsBefore: ReadonlySet<string>;
  /** Orgs and sessions that were in scope and are not any more. */
  left: Record<'org' | 'academicSession', string[]>;
}

interface Departure {
  sourcedId: string;
  fromOrg: string | null;
}

/**
 * Keeps a tenant's departures (see TenantDepartureEntity) in step with its view: records back in view are no longer
 * departed; records that were in view and are not any more, active or retired by this publication, depart. A record
 * was in view before when its org was in the old scope: the org it has now, or, if this import moved it, the one it
 * left (MovedRecordEntity).
 */
export async function refreshDepartures(manager: EntityManager, change: ScopeChange): Promise<void> {
  let departures = 0;
  for (const type of TYPES) {
    await forgetReturned(manager, change.tenantId, type);
    const departed = [...(await leftWithScope(manager, change, type)), ...(await movedOut(manager, change, type))];
    const rows = departed.map(({ sourcedId, fromOrg }) => ({
      tenantId: change.tenantId,
      entityType: type,
      sourcedId,
      departedAt: change.stamp,
      fromOrg,
    }));
    for (const chunk of chunks(rows, rowsPerInsert(5))) await manager.insert(TenantDepartureEntity, chunk);
    departures += rows.length;
  }
  if (departures > 0) await manager.update(TenantEntity, { id: change.tenantId }, { lastDepartureAt: change.stamp });
}

/** The moves an import recorded have been read by every tenant's refresh. */
export async function clearMoves(manager: EntityManager): Promise<void> {
  await manager.createQueryBuilder().delete().from(MovedRecordEntity).execute();
}

async function forgetReturned(manager: EntityManager, tenantId: string, type: DepartingType) {
  const { entity, alias, inScope } = VIEWED[type];
  const qb = manager
    .createQueryBuilder(TenantDepartureEntity, 'departure')
    .select('departure.sourcedId', 'sourcedId')
    .innerJoin(entity, alias, `${alias}.sourcedId = departure.sourcedId`)
    .where('departure.tenantId = :tenantId', { tenantId })
    .andWhere('departure.entityType = :type', { type });
  const returned = (await inScope(qb, tenantId).getRawMany<{ sourcedId: string }>()).map((row) => row.sourcedId);
  for (const chunk of chunks(returned))
    await manager
      .createQueryBuilder()
      .delete()
      .from(TenantDepartureEntity)
      .where('tenantId = :tenantId AND entityType = :type AND sourcedId IN (:...chunk)', { tenantId, type, chunk })
      .execute();
}

/**
 * Records of the orgs that left the scope, not moved by this import, that were served: active, or retired by this
 * publication. Orgs and sessions are themselves what left.
 */
async function leftWithScope(manager: EntityManager, change: ScopeChange, type: DepartingType): Promise<Departure[]> {
  const { entity, alias, owner } = VIEWED[type];
  const left = change.left.org;
  const departing: Departure[] = [];
  if (type === 'org' || type === 'academicSession') {
    for (const chunk of chunks(change.left[type]))
      departing.push(
        ...(await served(notDeparted(manager.createQueryBuilder(entity, alias), change, type), change)
          .select(`${alias}.sourcedId`, 'sourcedId')
          .addSelect('NULL', 'fromOrg')
          .andWhere(`${alias}.sourcedId IN (:...chunk)`, { chunk })
          .getRawMany<Departure>()),
      );
    return departing;
  }
  for (const chunk of chunks(left)) {
    const qb = unmoved(notDeparted(manager.createQueryBuilder(entity, alias), change, type), type);
    if (owner)
      qb.select(`${alias}.sourcedId`, 'sourcedId')
        .addSelect(`${alias}.${owner}`, 'fromOrg')
        .andWhere(`${alias}.${owner} IN (:...chunk)`, { chunk });
    else
      qb.select(`${alias}.sourcedId`, 'sourcedId')
        .addSelect('MIN(membership.orgSourcedId)', 'fromOrg')
        .innerJoin(UserOrgEntity, 'membership', 'membership.userSourcedId = usr.sourcedId')
        .andWhere('membership.orgSourcedId IN (:...chunk)', { chunk })
        .groupBy(`${alias}.sourcedId`);
    departing.push(...(await outOfScope(served(qb, change), change.tenantId, type).getRawMany<Departure>()));
  }
  return unique(departing);
}

/** Records this import moved out of the orgs they were in scope by, and that are not in scope by the orgs they have now. */
async function movedOut(manager: EntityManager, change: ScopeChange, type: DepartingType): Promise<Departure[]> {
  const { entity, alias } = VIEWED[type];
  const departing: Departure[] = [];
  for (let after = ''; ;) {
    const moves = await manager
      .createQueryBuilder(MovedRecordEntity, 'moved')
      .where('moved.entityType = :type', { type })
      .andWhere('moved.sourcedId > :after', { after })
      .orderBy('moved.sourcedId')
      .addOrderBy('moved.oldOrg')
      .limit(1000)
      .getMany();
    if (moves.length === 0) break;
    after = moves[moves.length - 1].sourcedId;
    const fromOrg = new Map(
      moves.filter((move) => change.orgsBefore.has(move.oldOrg)).map((move) => [move.sourcedId, move.oldOrg]),
    );
    for (const chunk of chunks([...fromOrg.keys()])) {
      const qb = notDeparted(manager.createQueryBuilder(entity, alias), change, type)
        .select(`${alias}.sourcedId`, 'sourcedId')
        .andWhere(`${alias}.sourcedId IN (:...chunk)`, { chunk });
      const out = await outOfScope(served(qb, change), change.tenantId, type).getRawMany<{ sourcedId: string }>();
      departing.push(...out.map(({ sourcedId }) => ({ sourcedId, fromOrg: fromOrg.get(sourcedId) ?? null })));
    }
    if (moves.length < 1000) break;
  }
  return departing;
}

/** Active, or retired by this publication: what a client may still hold as served. */
function served<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, { stamp }: ScopeChange): SelectQueryBuilder<E> {
  const alias = qb.alias;
  return qb.andWhere(`(${alias}.status = 'active' OR ${alias}.dateLastModified = :departureStamp)`, {
    departureStamp: stamp,
  });
}

function notDeparted<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  { tenantId }: ScopeChange,
  type: DepartingType,
): SelectQueryBuilder<E> {
  return qb
    .leftJoin(
      TenantDepartureEntity,
      'known',
      `known.tenantId = :knownTenantId AND known.entityType = :knownType AND known.sourcedId = ${qb.alias}.sourcedId`,
      { knownTenantId: tenantId, knownType: type },
    )
    .where('known.sourcedId IS NULL');
}

function unmoved<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, type: DepartingType): SelectQueryBuilder<E> {
  return qb.andWhere(
    (outer) =>
      `NOT EXISTS ${outer
        .subQuery()
        .select('1')
        .from(MovedRecordEntity, 'moved')
        .where('moved.entityType = :movedType')
        .andWhere(`moved.sourcedId = ${qb.alias}.sourcedId`)
        .getQuery()}`,
    { movedType: type },
  );
}

function outOfScope<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  tenantId: string,
  type: DepartingType,
): SelectQueryBuilder<E> {
  return VIEWED[type].inScope(qb, tenantId, { negated: true });
}

function unique(departures: Departure[]): Departure[] {
  return [...new Map(departures.map((departure) => [departure.sourcedId, departure])).values()];
}
