import { orgInScope, userInScope } from '../tenancy/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { isNotFutureStudent, servedToday } from '../calendar/future-students';
import { ServingCalendar } from '../academic-sessions/serving-calendar';
import { CalendarView } from '../calendar/calendar-view';
import { ScopedRosterContext } from '../oneroster/http/roster-context';
import { Resource, serveAs } from '../oneroster/query/resource';
import { dateAtSuffix, latestOf } from '../oneroster/query/served-sql';
import { COMMON_MEMBERS, RecordShape } from '../oneroster/query/page-json';
import { TenantUsernameEntity } from './tenant-username.entity';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { loadLinks, Owners } from '../oneroster/link-loader';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { ResourceReader, scopedContext } from '../oneroster/resource-reader';
import { hasGradeMap, servedGrades } from '../sds-rules/grade-map';
import { UserAgentEntity } from './user-agent.entity';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity, UserIdentifier } from './user.entity';
import { userResource } from './user.resource';
import { orgShare } from '../orgs/org-share';

export interface UserJson extends RecordJson {
  username: string;
  userIds: UserIdentifier[];
  enabledUser: boolean;
  givenName: string;
  familyName: string;
  middleName?: string;
  role: string;
  identifier?: string;
  email?: string;
  sms?: string;
  phone?: string;
  agents: GuidRef[];
  orgs: GuidRef[];
  grades: string[];
}

const orgsInScope = orgInScope('link.orgSourcedId');

/** The username a tenant serves: its assigned name as `local@domain` (just `local` without a domain), else the SIS's. */
const SERVED_USERNAME =
  "CASE WHEN assigned.localPart IS NULL THEN usr.username WHEN assigned.domain = '' THEN assigned.localPart ELSE CONCAT(assigned.localPart, '@', assigned.domain) END";
/** The assigned UPN as email, where the tenant asks for it and the name has a domain. */
const USERNAME_AS_EMAIL =
  "CASE WHEN assigned.localPart IS NOT NULL AND assigned.domain <> '' THEN CONCAT(assigned.localPart, '@', assigned.domain) ELSE usr.email END";

const agentsInScope = userInScope('link.agentSourcedId');

/** A user's orgs and agents, in order: loaded by toRecords, built into the record by recordShape. */
const USER_ORGS = { entity: UserOrgEntity, owner: 'userSourcedId', target: 'orgSourcedId' } as const;
const USER_AGENTS = { entity: UserAgentEntity, owner: 'userSourcedId', target: 'agentSourcedId' } as const;

/** A user's members up to its links, in toRecords's order. */
const USER_MEMBERS: RecordShape = [
  ...COMMON_MEMBERS,
  { name: 'username', kind: 'value', property: 'username' },
  { name: 'userIds', kind: 'list', property: 'userIds' },
  { name: 'enabledUser', kind: 'boolean', property: 'enabledUser' },
  { name: 'givenName', kind: 'value', property: 'givenName' },
  { name: 'familyName', kind: 'value', property: 'familyName' },
  { name: 'middleName', kind: 'optional', property: 'middleName' },
  { name: 'role', kind: 'value', property: 'role' },
  { name: 'identifier', kind: 'optional', property: 'identifier' },
  { name: 'email', kind: 'optional', property: 'email' },
  { name: 'sms', kind: 'optional', property: 'sms' },
  { name: 'phone', kind: 'optional', property: 'phone' },
];

/** A user's agents as served: a student held back until their begin date is not referenced either. */
function servedAgents<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, view: CalendarView): SelectQueryBuilder<E> {
  return qb.andWhere(
    (outer) =>
      `EXISTS ${outer
        .subQuery()
        .select('1')
        .from(UserEntity, 'agent')
        .where('agent.sourcedId = link.agentSourcedId')
        .andWhere(isNotFutureStudent('agent'))
        .getQuery()}`,
    servedToday(view),
  );
}

@Injectable()
export class UsersService extends ResourceReader<UserEntity, UserJson> {
  constructor(
    @InjectRepository(UserEntity) repository: Repository<UserEntity>,
    @InjectRepository(UserOrgEntity) private readonly userOrgs: Repository<UserOrgEntity>,
    @InjectRepository(UserAgentEntity) private readonly userAgents: Repository<UserAgentEntity>,
    lists: ListQueryService,
    private readonly calendar: ServingCalendar,
  ) {
    super(
      repository,
      lists,
      userResource,
      { inScope: userInScope('usr.sourcedId'), departures: 'user', share: orgShare },
      calendar,
    );
  }

  protected override servedOnly(
    ctx: ScopedRosterContext,
    qb: SelectQueryBuilder<UserEntity>,
  ): SelectQueryBuilder<UserEntity> {
    qb.leftJoin(
      TenantUsernameEntity,
      'assigned',
      'assigned.tenantId = :servedTenantId AND assigned.userSourcedId = usr.sourcedId',
      { servedTenantId: ctx.tenantId },
    );
    if (ctx.tenant.usersChangedAt) qb.setParameter('usersChangedAt', ctx.tenant.usersChangedAt);
    return qb.andWhere(isNotFutureStudent('usr'), servedToday(this.calendar.viewOf(ctx)));
  }

  /** Username (and email) from the tenant's assignments; dateLastModified moves when a name changes or a student's first enrollment begins. */
  override servedResource(ctx: ScopedRosterContext): Resource {
    const view = this.calendar.viewOf(ctx);
    const begins = view.holdBackFutureStudents
      ? [
          `CASE WHEN usr.role = 'student' AND usr.firstBeginDate IS NOT NULL THEN ${dateAtSuffix('usr.firstBeginDate', view.dayStart)} END`,
        ]
      : [];
    return serveAs(this.resource, {
      username: SERVED_USERNAME,
      ...(ctx.tenant.emailSource === 'username' && { email: USERNAME_AS_EMAIL }),
      dateLastModified: latestOf(
        'usr.dateLastModified',
        'assigned.renamedAt',
        ...begins,
        ...(ctx.tenant.usersChangedAt ? [{ parameter: 'usersChangedAt', value: ctx.tenant.usersChangedAt }] : []),
        ...this.viewCandidates(ctx),
      ),
    });
  }

  /** The same record as toRecords, built by the database; where the tenant maps grades, in Node. */
  protected override recordShape(ctx: ScopedRosterContext): RecordShape | undefined {
    if (hasGradeMap(ctx.tenant.gradeMap)) return undefined;
    return [
      ...USER_MEMBERS,
      { name: 'agents', kind: 'links', type: 'user', links: { ...USER_AGENTS, restrict: this.agentsServed(ctx) } },
      { name: 'orgs', kind: 'links', type: 'org', links: { ...USER_ORGS, restrict: this.orgsServed(ctx) } },
      { name: 'grades', kind: 'list', property: 'grades' },
    ];
  }

  /** A user's orgs as served: those outside the tenant's scope are not shown (another board's school). */
  private orgsServed(ctx: ScopedRosterContext) {
    return <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>) => orgsInScope(qb, ctx.tenantId);
  }

  /** A user's agents as served: in scope, or departed (served as tobedeleted: the list changes with its owner only). */
  private agentsServed(ctx: ScopedRosterContext) {
    const view = this.calendar.viewOf(ctx);
    return <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>) =>
      servedAgents(agentsInScope(qb, ctx.tenantId, { orDeparted: 'user' }), view);
  }

  protected async toRecords(ctx: RosterContext, rows: UserEntity[], owners: Owners): Promise<UserJson[]> {
    const scoped = scopedContext(ctx);
    const [orgs, agents] = await Promise.all([
      loadLinks(this.userOrgs, USER_ORGS.owner, USER_ORGS.target, owners, this.orgsServed(scoped)),
      loadLinks(this.userAgents, USER_AGENTS.owner, USER_AGENTS.target, owners, this.agentsServed(scoped)),
    ]);
    const { gradeMap } = scoped.tenant;
    return rows.map((row) => ({
      sourcedId: row.sourcedId,
      status: row.status,
      dateLastModified: row.dateLastModified,
      metadata: metadataOf(row),
      username: row.username,
      userIds: row.userIds ?? [],
      enabledUser: row.enabledUser,
      givenName: row.givenName,
      familyName: row.familyName,
      middleName: present(row.middleName),
      role: row.role,
      identifier: present(row.identifier),
      email: present(row.email),
      sms: present(row.sms),
      phone: present(row.phone),
      agents: ctx.refs.refs('user', agents.get(row.sourcedId) ?? []),
      orgs: ctx.refs.refs('org', orgs.get(row.sourcedId) ?? []),
      grades: servedGrades(row.grades, gradeMap),
    }));
  }
}
