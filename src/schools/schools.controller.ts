import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { classSchema } from '../classes/class.schema';
import { courseSchema } from '../courses/course.schema';
import { enrollmentSchema } from '../enrollments/enrollment.schema';
import { orgSchema } from '../orgs/org.schema';
import { academicSessionSchema } from '../academic-sessions/academic-session.schema';
import { userSchema } from '../users/user.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { OrgsService, schoolsOnly } from '../orgs/orgs.service';
import { AcademicSessionsService } from '../academic-sessions/academic-sessions.service';
import { coursesOfSchool, CoursesService } from '../courses/courses.service';
import { classesOfSchool } from '../classes/class-narrowings';
import { ClassesService } from '../classes/classes.service';
import { enrollmentsOfSchool, EnrollmentsService } from '../enrollments/enrollments.service';
import { usersOfSchool } from '../users/user-narrowings';
import { UsersService } from '../users/users.service';
import { termsOfSchool } from './terms-of-school';

@Controller('ims/oneroster/v1p1/schools')
export class SchoolsController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly sessions: AcademicSessionsService,
    private readonly courses: CoursesService,
    private readonly classes: ClassesService,
    private readonly enrollments: EnrollmentsService,
    private readonly users: UsersService,
  ) {}

  @OneRosterCollection(orgSchema)
  getAllSchools(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.orgs.list(ctx, query, schoolsOnly);
  }

  @OneRosterSingle(orgSchema)
  getSchool(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.orgs.get(ctx, id, fields, schoolsOnly);
  }

  @OneRosterCollection(courseSchema, ':id/courses')
  async getCoursesForSchool(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.orgs.assertExists(ctx, id, schoolsOnly);
    return this.courses.list(ctx, query, coursesOfSchool(id));
  }

  @OneRosterCollection(classSchema, ':id/classes')
  async getClassesForSchool(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.orgs.assertExists(ctx, id, schoolsOnly);
    return this.classes.list(ctx, query, classesOfSchool(id));
  }

  @OneRosterCollection(enrollmentSchema, ':id/enrollments')
  async getEnrollmentsForSchool(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.orgs.assertExists(ctx, id, schoolsOnly);
    return this.enrollments.list(ctx, query, enrollmentsOfSchool(id));
  }

  @OneRosterCollection(userSchema, ':id/students')
  async getStudentsForSchool(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.orgs.assertExists(ctx, id, schoolsOnly);
    return this.users.list(ctx, query, usersOfSchool(id, 'student'));
  }

  @OneRosterCollection(userSchema, ':id/teachers')
  async getTeachersForSchool(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.orgs.assertExists(ctx, id, schoolsOnly);
    return this.users.list(ctx, query, usersOfSchool(id, 'teacher'));
  }

  @OneRosterCollection(academicSessionSchema, ':id/terms')
  async getTermsForSchool(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.orgs.assertExists(ctx, id, schoolsOnly);
    return this.sessions.list(ctx, query, termsOfSchool(id));
  }
}
