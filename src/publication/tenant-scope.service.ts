import { Injectable } from '@nestjs/common';
import { EntityManager, In, ObjectLiteral } from 'typeorm';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity } from '../users/user.entity';
import { AcademicSessionEntity } from '../academic-sessions/academic-session.entity';
import { ClassTermEntity } from '../classes/class-term.entity';
import { ClassEntity } from '../classes/class.entity';
import { CourseEntity } from '../courses/course.entity';
import { chunks, loadInChunks, rowsPerInsert } from '../database/batches';
import { groupBy } from '../oneroster/record-json';
import { OrgEntity } from '../orgs/org.entity';
import { FilledTables, refreshFirstBeginDates, refreshRosterSpans } from './roster-spans';
import { clearMoves, refreshDepartures } from './departures';
import { ClassTitlesService } from './class-titles.service';
import { UsernameAssigner } from './username-assigner.service';
import { OrgNode, resolveOrgScope } from '../tenancy/org-tree';
import { TenantOrgEntity } from '../tenancy/tenant-org.entity';
import { ScopedType, TenantScopeEntity } from '../tenancy/tenant-scope.entity';
import { TenantEntity } from '../tenancy/tenant.entity';
import { analyzeTables } from '../database/planner-statistics';
import { TenantUsernameEntity } from '../users/tenant-username.entity';
import { TenantClassTitleEntity } from '../classes/tenant-class-title.entity';
import { PhaseTimer, UNTIMED } from '../logging/phase-timer';
import { touchesScope, WrittenScope, writtenScope } from './written-scope';

export interface DeriveOptions {
  /** The data changed (an import): the tenant-independent derived columns are refreshed too. */
  dataChanged: boolean;
  /** Times the steps for an import's report. */
  timer?: Pick<PhaseTimer, 'time'>;
  /** When this publication writes: records older than it did not change in it. */
  stamp: string;
  /**
   * An import: it refreshed the school-year spans itself, before building its indexes (see refreshSchoolYearSpans),
   * and every record it wrote carries `stamp`.
   */
  byImport?: boolean;
  /** The tables the import filled from empty (see FilledTables). */
  filled?: FilledTables;
}

/**
 * Derives what tenants are served from the data and their settings: roster spans, each tenant's scope,
 * usernames for newcomers and class titles. Runs inside the publishing transaction (see Publisher).
 * Orgs and academic sessions are the two small tables of a board (hundreds of rows, not hundreds of
 * thousands), so resolving the org tree in memory here is cheap and exact.
 */
@Injectable()
export class TenantScopeService {
  constructor(
    private readonly usernames: UsernameAssigner,
    private readonly classTitles: ClassTitlesService,
  ) {}

  /** Returns the ids of the tenants derived again: all of them, or for an import those whose view it touched. */
  async derive(
    manager: EntityManager,
    tenants: TenantEntity[],
    { dataChanged, timer = UNTIMED, stamp, byImport, filled }: DeriveOptions,
  ): Promise<string[]> {
    if (dataChanged)
      await timer.time('roster spans', () =>
        byImport ? refreshFirstBeginDates(manager, { at: stamp, filled }) : refreshRosterSpans(manager),
      );
    const orgs: OrgNode[] = await manager
      .getRepository(OrgEntity)
      .find({ select: { sourcedId: true, parentSourcedId: true, identifier: true } });
    // An import need not derive again the tenants whose view it did not touch: a nightly import of one board of many.
    const written = byImport ? await writtenScope(manager, stamp) : undefined;
    const changed: { tenant: TenantEntity; rescoped: boolean }[] = [];
    await timer.time('tenant scopes', async () => {
      const scopes = await scopesOf(manager, tenants);
      for (const tenant of tenants) {
        const refreshed = await this.refreshTenant(manager, tenant, orgs, { stamp, written, ...scopes(tenant.id) });
        if (refreshed !== 'untouched') changed.push({ tenant, rescoped: refreshed === 'rescoped' });
      }
      await clearMoves(manager);
    });
    for (const { tenant, rescoped } of changed) {
      // An import's own writes are all a username or a title can be new with, unless orgs joined the scope.
      const writtenAt = byImport && !rescoped ? stamp : undefined;
      await timer.time('usernames', () => this.usernames.assign(manager, tenant, undefined, writtenAt));
      await timer.time('class titles', () => this.classTitles.render(manager, tenant, undefined, writtenAt));
    }
    // Fresh scope, username and title rows: without statistics PostgreSQL took the 5,656 usernames of
    // a board for 2 rows and joined them to users by nested loop (4 s for one count instead of 20 ms). An import that
    // brought no tenant new orgs wrote a night's few rows: the statistics still hold (64 ms of ANALYZE saved).
    if (!byImport || changed.some(({ rescoped }) => rescoped))
      await timer.time('tenant statistics', () =>
        analyzeTables(manager, [TenantScopeEntity, TenantUsernameEntity, TenantClassTitleEntity]),
      );
    return changed.map(({ tenant }) => tenant.id);
  }

  /**
   * `untouched`, having written nothing, when the import's writes leave the tenant's scope and view as they were;
   * `rescoped` when orgs joined its scope; else `touched`.
   */
  private async refreshTenant(
    manager: EntityManager,
    tenant: TenantEntity,
    orgs: OrgNode[],
    { stamp, written, refs, before }: { stamp: string; written?: WrittenScope } & KnownScope,
  ): Promise<'untouched' | 'touched' | 'rescoped'> {
    const orgIds = resolveOrgScope(orgs, {
      allOrgs: tenant.allOrgs,
      included: refs.filter((ref) => !ref.excluded).map((ref) => ref.orgRef),
      excluded: refs.filter((ref) => ref.excluded).map((ref) => ref.orgRef),
    });
    if (written && sameMembers(orgIds, before.org) && !touchesScope(written, before)) return 'untouched';
    // Records of an org that joins the scope enter the view; delta clients must get those this publication did not write.
    const joined = [...orgIds].filter((id) => !before.org.has(id));
    if (await holdsUnchangedRecords(manager, joined, stamp))
      await manager.update(TenantEntity, { id: tenant.id }, { viewChangedAt: stamp });
    await manager.getRepository(TenantScopeEntity).delete({ tenantId: tenant.id });
    await this.write(manager, tenant.id, 'org', [...orgIds]);
    const sessions = new Set(await this.sessionsUsed(manager, tenant.id));
    await this.write(manager, tenant.id, 'academicSession', [...sessions]);
    const leaving = (was: ReadonlySet<string>, is: ReadonlySet<string>) => [...was].filter((id) => !is.has(id));
    const left = { org: leaving(before.org, orgIds), academicSession: leaving(before.academicSession, sessions) };
    // What stays loses its references to what left (a site's parent, a pupil's second school): served values change.
    if (left.org.length > 0 || left.academicSession.length > 0)
      await manager.update(TenantEntity, { id: tenant.id }, { viewChangedAt: stamp });
    await refreshDepartures(manager, { tenantId: tenant.id, stamp, orgsBefore: before.org, left });
    return joined.length > 0 ? 'rescoped' : 'touched';
  }

  /** Sessions the tenant's classes and courses use, with their ancestors (the school year) and the grading periods of those used. */
  private async sessionsUsed(manager: EntityManager, tenantId: string): Promise<string[]> {
    const scoped = (alias: string, column: string) =>
      `${alias}.sourcedId = ${column} AND ${alias}.tenantId = :tenantId AND ${alias}.entityType = 'org'`;
    const terms = await manager
      .createQueryBuilder(ClassTermEntity, 'ct')
      .select('DISTINCT ct.termSourcedId', 'id')
      .innerJoin(ClassEntity, 'cls', 'cls.sourcedId = ct.classSourcedId')
      .innerJoin(TenantScopeEntity, 's', scoped('s', 'cls.schoolSourcedId'), { tenantId })
      .getRawMany<{ id: string }>();
    const years = await manager
      .createQueryBuilder(CourseEntity, 'course')
      .select('DISTINCT course.schoolYearSourcedId', 'id')
      .innerJoin(TenantScopeEntity, 's', scoped('s', 'course.orgSourcedId'), { tenantId })
      .where('course.schoolYearSourcedId IS NOT NULL')
      .getRawMany<{ id: string }>();
    const sessions = await manager
      .getRepository(AcademicSessionEntity)
      .find({ select: { sourcedId: true, parentSourcedId: true, type: true } });
    const used = new Set([...terms, ...years].map((row) => row.id));
    const parentOf = new Map(sessions.map((s) => [s.sourcedId, s.parentSourcedId]));
    const result = new Set<string>();
    for (const id of used) {
      for (let at: string | null | undefined = id; at && parentOf.has(at) && !result.has(at); at = parentOf.get(at))
        result.add(at);
    }
    for (const session of sessions) {
      if (session.type === 'gradingPeriod' && session.parentSourcedId && used.has(session.parentSourcedId))
        result.add(session.sourcedId);
    }
    return [...result];
  }

  private async write(manager: EntityManager, tenantId: string, entityType: ScopedType, ids: string[]) {
    const rows = ids.map((sourcedId) => ({ tenantId, entityType, sourcedId }));
    for (const chunk of chunks(rows, rowsPerInsert(3))) await manager.insert(TenantScopeEntity, chunk);
  }
}

/** A tenant's scope as its settings name it, and as it was resolved before this publication. */
interface KnownScope {
  refs: TenantOrgEntity[];
  before: Record<ScopedType, Set<string>>;
}

/**
 * The named orgs and resolved scopes of these tenants, read in two statements (not two per tenant: an import among many
 * boards looks at every tenant to find the few it touched).
 */
async function scopesOf(manager: EntityManager, tenants: TenantEntity[]): Promise<(tenantId: string) => KnownScope> {
  const ids = tenants.map((tenant) => tenant.id);
  const refs = await loadInChunks(ids, (chunk) =>
    manager.getRepository(TenantOrgEntity).findBy({ tenantId: In(chunk) }),
  );
  const scopes = await loadInChunks(ids, (chunk) =>
    manager.getRepository(TenantScopeEntity).findBy({ tenantId: In(chunk) }),
  );
  const [refsOf, scopeRowsOf] = [groupBy(refs, (ref) => ref.tenantId), groupBy(scopes, (row) => row.tenantId)];
  return (tenantId) => {
    const rows = scopeRowsOf.get(tenantId) ?? [];
    const ofType = (type: ScopedType) =>
      new Set(rows.filter((row) => row.entityType === type).map((row) => row.sourcedId));
    return {
      refs: refsOf.get(tenantId) ?? [],
      before: { org: ofType('org'), academicSession: ofType('academicSession') },
    };
  };
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((id) => b.has(id));
}

/** Records older than `stamp` in these orgs: the orgs themselves, their courses, classes, enrollments and users. */
async function holdsUnchangedRecords(manager: EntityManager, orgIds: string[], stamp: string): Promise<boolean> {
  const owners: [new () => ObjectLiteral, string][] = [
    [OrgEntity, 'sourcedId'],
    [CourseEntity, 'orgSourcedId'],
    [ClassEntity, 'schoolSourcedId'],
    [EnrollmentEntity, 'schoolSourcedId'],
  ];
  for (const chunk of chunks(orgIds)) {
    for (const [entity, column] of owners) {
      const found = await manager
        .createQueryBuilder(entity, 'record')
        .where(`record.${column} IN (:...chunk)`, { chunk })
        .andWhere('record.dateLastModified < :stamp', { stamp })
        .getExists();
      if (found) return true;
    }
    const member = await manager
      .createQueryBuilder(UserEntity, 'usr')
      .innerJoin(UserOrgEntity, 'membership', 'membership.userSourcedId = usr.sourcedId')
      .where('membership.orgSourcedId IN (:...chunk)', { chunk })
      .andWhere('usr.dateLastModified < :stamp', { stamp })
      .getExists();
    if (member) return true;
  }
  return false;
}
