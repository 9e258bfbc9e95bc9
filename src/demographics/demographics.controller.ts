import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { demographicsSchema } from './demographics.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { DemographicsService } from './demographics.service';

@Controller('ims/oneroster/v1p1/demographics')
export class DemographicsController {
  constructor(private readonly demographics: DemographicsService) {}

  @OneRosterCollection(demographicsSchema, '', 'demographics')
  getAllDemographics(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.demographics.list(ctx, query);
  }

  @OneRosterSingle(demographicsSchema, ':id', 'demographics')
  getDemographics(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.demographics.get(ctx, id, fields);
  }
}
