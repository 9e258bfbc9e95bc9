import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { academicSessionSchema } from './academic-session.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { AcademicSessionsService } from './academic-sessions.service';

@Controller('ims/oneroster/v1p1/academicSessions')
export class AcademicSessionsController {
  constructor(private readonly sessions: AcademicSessionsService) {}

  @OneRosterCollection(academicSessionSchema)
  getAllAcademicSessions(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.sessions.list(ctx, query);
  }

  @OneRosterSingle(academicSessionSchema)
  getAcademicSession(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.sessions.get(ctx, id, fields);
  }
}
