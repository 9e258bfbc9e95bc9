import { orgInScope, userInScope } from '../tenants/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { loadLinks } from '../oneroster/link-loader';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { commonJson, optional } from '../oneroster/record-json';
import { ResourceReader, tenantOf } from '../oneroster/resource-reader';
import { UserAgentEntity } from './user-agent.entity';
import { UserOrgEntity } from './user-org.entity';
import { UserEntity, UserIdentifier } from './user.entity';
import { userResource } from './user.resource';

export interface UserJson {
  sourcedId: string;
  status: string;
  dateLastModified: string;
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
const agentsInScope = userInScope('link.agentSourcedId');

@Injectable()
export class UsersService extends ResourceReader<UserEntity, UserJson> {
  constructor(
    @InjectRepository(UserEntity) repository: Repository<UserEntity>,
    @InjectRepository(UserOrgEntity) private readonly userOrgs: Repository<UserOrgEntity>,
    @InjectRepository(UserAgentEntity) private readonly userAgents: Repository<UserAgentEntity>,
    lists: ListQueryService,
  ) {
    super(repository, lists, userResource, userInScope('usr.sourcedId'));
  }

  protected async toRecords(ctx: RosterContext, rows: UserEntity[]): Promise<UserJson[]> {
    const ids = rows.map((row) => row.sourcedId);
    const tenantId = tenantOf(ctx);
    // A user's orgs and agents outside the tenant's scope are not shown (another board's school or parent).
    const [orgs, agents] = await Promise.all([
      loadLinks(this.userOrgs, 'userSourcedId', 'orgSourcedId', ids, (qb) => orgsInScope(qb, tenantId)),
      loadLinks(this.userAgents, 'userSourcedId', 'agentSourcedId', ids, (qb) => agentsInScope(qb, tenantId)),
    ]);
    return rows.map((row) => ({
      ...commonJson(row),
      username: row.username,
      userIds: row.userIds ?? [],
      enabledUser: row.enabledUser,
      givenName: row.givenName,
      familyName: row.familyName,
      ...optional('middleName', row.middleName),
      role: row.role,
      ...optional('identifier', row.identifier),
      ...optional('email', row.email),
      ...optional('sms', row.sms),
      ...optional('phone', row.phone),
      agents: ctx.refs.refs('user', agents.get(row.sourcedId) ?? []),
      orgs: ctx.refs.refs('org', orgs.get(row.sourcedId) ?? []),
      grades: row.grades ?? [],
    }));
  }
}
