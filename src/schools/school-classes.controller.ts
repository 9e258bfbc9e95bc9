import { Controller, Param, Query } from '@nestjs/common';
import { ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection } from '../oneroster/http/oneroster-route.decorators';
import { enrollmentSchema } from '../enrollments/enrollment.schema';
import { userSchema } from '../users/user.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { OrgsService, schoolsOnly } from '../orgs/orgs.service';
import { classesOfSchool } from '../classes/class-narrowings';
import { ClassesService } from '../classes/classes.service';
import { enrollmentsOfClass, EnrollmentsService } from '../enrollments/enrollments.service';
import { usersOfClass } from '../users/user-narrowings';
import { UsersService } from '../users/users.service';

/** /schools/{school_id}/classes/{class_id}/…: 404 unless the class belongs to that school. */
@Controller('ims/oneroster/v1p1/schools/:schoolId/classes/:classId')
export class SchoolClassesController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly classes: ClassesService,
    private readonly enrollments: EnrollmentsService,
    private readonly users: UsersService,
  ) {}

  @OneRosterCollection(enrollmentSchema, 'enrollments')
  async getEnrollmentsForClassInSchool(
    @Roster() ctx: RosterContext,
    @Param('schoolId') schoolId: string,
    @Param('classId') classId: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.assertClassInSchool(ctx, schoolId, classId);
    return this.enrollments.list(ctx, query, enrollmentsOfClass(classId));
  }

  @OneRosterCollection(userSchema, 'students')
  async getStudentsForClassInSchool(
    @Roster() ctx: RosterContext,
    @Param('schoolId') schoolId: string,
    @Param('classId') classId: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.assertClassInSchool(ctx, schoolId, classId);
    return this.users.list(ctx, query, usersOfClass(classId, 'student'));
  }

  @OneRosterCollection(userSchema, 'teachers')
  async getTeachersForClassInSchool(
    @Roster() ctx: RosterContext,
    @Param('schoolId') schoolId: string,
    @Param('classId') classId: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.assertClassInSchool(ctx, schoolId, classId);
    return this.users.list(ctx, query, usersOfClass(classId, 'teacher'));
  }

  private async assertClassInSchool(ctx: RosterContext, schoolId: string, classId: string) {
    await this.orgs.assertExists(ctx, schoolId, schoolsOnly);
    await this.classes.assertExists(ctx, classId, classesOfSchool(schoolId));
  }
}
