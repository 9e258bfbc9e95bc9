import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { courseSchema } from './course.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { CoursesService } from './courses.service';

@Controller('ims/oneroster/v1p1/courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @OneRosterCollection(courseSchema)
  getAllCourses(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.courses.list(ctx, query);
  }

  @OneRosterSingle(courseSchema)
  getCourse(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.courses.get(ctx, id, fields);
  }
}
