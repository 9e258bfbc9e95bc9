import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { classSchema } from './class.schema';
import { userSchema } from '../users/user.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { usersOfClass } from '../users/user-narrowings';
import { UsersService } from '../users/users.service';
import { ClassesService } from './classes.service';

@Controller('ims/oneroster/v1p1/classes')
export class ClassesController {
  constructor(
    private readonly classes: ClassesService,
    private readonly users: UsersService,
  ) {}

  @OneRosterCollection(classSchema)
  getAllClasses(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.classes.list(ctx, query);
  }

  @OneRosterSingle(classSchema)
  getClass(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.classes.get(ctx, id, fields);
  }

  @OneRosterCollection(userSchema, ':id/students')
  async getStudentsForClass(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.classes.assertExists(ctx, id);
    return this.users.list(ctx, query, usersOfClass(id, 'student'));
  }

  @OneRosterCollection(userSchema, ':id/teachers')
  async getTeachersForClass(
    @Roster() ctx: RosterContext,
    @Param('id') id: string,
    @Query(ListQueryPipe) query: ListQuery,
  ) {
    await this.classes.assertExists(ctx, id);
    return this.users.list(ctx, query, usersOfClass(id, 'teacher'));
  }
}
