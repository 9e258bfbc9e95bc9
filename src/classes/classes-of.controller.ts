import { Controller, Param, Query } from '@nestjs/common';
import { AcademicSessionsService, sessionsOfType } from '../academic-sessions/academic-sessions.service';
import { CoursesService } from '../courses/courses.service';
import { ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection } from '../oneroster/http/oneroster-route.decorators';
import { classSchema } from './class.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { students, teachers } from '../users/user-narrowings';
import { UsersService } from '../users/users.service';
import { classesOfCourse, classesOfTerm, classesOfUser } from './class-narrowings';
import { ClassesService } from './classes.service';

/** The classes of a course, a term or a person (404 when that parent is unknown). */
@Controller('ims/oneroster/v1p1')
export class ClassesOfController {
  constructor(
    private readonly classes: ClassesService,
    private readonly courses: CoursesService,
    private readonly sessions: AcademicSessionsService,
    private readonly users: UsersService,
  ) {}

  @OneRosterCollection(classSchema, 'courses/:id/classes')
  async getClassesForCourse(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.courses.assertExists(ctx, id);
    return this.classes.list(ctx, query, classesOfCourse(id));
  }

  @OneRosterCollection(classSchema, 'terms/:id/classes')
  async getClassesForTerm(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.sessions.assertExists(ctx, id, sessionsOfType('term'));
    return this.classes.list(ctx, query, classesOfTerm(id));
  }

  @OneRosterCollection(classSchema, 'users/:id/classes')
  async getClassesForUser(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.users.assertExists(ctx, id);
    return this.classes.list(ctx, query, classesOfUser(id));
  }

  @OneRosterCollection(classSchema, 'students/:id/classes')
  async getClassesForStudent(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.users.assertExists(ctx, id, students);
    return this.classes.list(ctx, query, classesOfUser(id));
  }

  @OneRosterCollection(classSchema, 'teachers/:id/classes')
  async getClassesForTeacher(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.users.assertExists(ctx, id, teachers);
    return this.classes.list(ctx, query, classesOfUser(id));
  }
}
