import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { academicSessionSchema } from './academic-session.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { AcademicSessionsService, gradingPeriodsOfTerm, sessionsOfType } from './academic-sessions.service';

const terms = sessionsOfType('term');
const gradingPeriods = sessionsOfType('gradingPeriod');

@Controller('ims/oneroster/v1p1/terms')
export class TermsController {
  constructor(private readonly sessions: AcademicSessionsService) {}

  @OneRosterCollection(academicSessionSchema)
  getAllTerms(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.sessions.list(ctx, query, terms);
  }

  @OneRosterSingle(academicSessionSchema)
  getTerm(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.sessions.get(ctx, id, fields, terms);
  }

  @OneRosterCollection(academicSessionSchema, ':id/gradingPeriods')
  async getGradingPeriodsForTerm(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.sessions.assertExists(ctx, id, terms);
    return this.sessions.list(ctx, query, gradingPeriodsOfTerm(id));
  }
}

@Controller('ims/oneroster/v1p1/gradingPeriods')
export class GradingPeriodsController {
  constructor(private readonly sessions: AcademicSessionsService) {}

  @OneRosterCollection(academicSessionSchema)
  getAllGradingPeriods(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.sessions.list(ctx, query, gradingPeriods);
  }

  @OneRosterSingle(academicSessionSchema)
  getGradingPeriod(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.sessions.get(ctx, id, fields, gradingPeriods);
  }
}
