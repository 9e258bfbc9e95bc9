import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { orgSchema } from './org.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { OrgsService } from './orgs.service';

@Controller('ims/oneroster/v1p1/orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @OneRosterCollection(orgSchema)
  getAllOrgs(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.orgs.list(ctx, query);
  }

  @OneRosterSingle(orgSchema)
  getOrg(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.orgs.get(ctx, id, fields);
  }
}
