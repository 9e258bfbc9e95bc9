import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { enrollmentSchema } from './enrollment.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { EnrollmentsService } from './enrollments.service';

@Controller('ims/oneroster/v1p1/enrollments')
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @OneRosterCollection(enrollmentSchema)
  getAllEnrollments(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.enrollments.list(ctx, query);
  }

  @OneRosterSingle(enrollmentSchema)
  getEnrollment(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.enrollments.get(ctx, id, fields);
  }
}
