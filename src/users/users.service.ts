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
import { TenantUsernameEntity } from './tenant-username.entity';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { loadLinks, Owners } from '../oneroster/link-loader';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { ResourceReader, scopedContext, tenantOf } from '../oneroster/resource-reader';
import { UserAgentEntity } from './user-agent.entity';
import { UserOrgEntity } from '../tenancy/user-org.entity';
import { UserEntity, UserIdentifier } from './user.entity';
import { userResource } from './user.resource';

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
    super(repository, lists, userResource, { inScope: userInScope('usr.sourcedId'), departures: 'user' }, calendar);
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

  protected async toRecords(ctx: RosterContext, rows: UserEntity[], owners: Owners): Promise<UserJson[]> {
    const tenantId = tenantOf(ctx);
    // A user's orgs and agents outside the tenant's scope are not shown (another board's school or parent).
    const [orgs, agents] = await Promise.all([
      loadLinks(this.userOrgs, 'userSourcedId', 'orgSourcedId', owners, (qb) => orgsInScope(qb, tenantId)),
      // An agent that left the view stays listed (it is served as tobedeleted): the list changes with its owner only.
      loadLinks(this.userAgents, 'userSourcedId', 'agentSourcedId', owners, (qb) =>
        servedAgents(agentsInScope(qb, tenantId, { orDeparted: 'user' }), this.calendar.viewOf(scopedContext(ctx))),
      ),
    ]);
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
      grades: row.grades ?? [],
    }));
  }
}
