import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { userSchema } from './user.schema';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { students, teachers } from './user-narrowings';
import { UsersService } from './users.service';

@Controller('ims/oneroster/v1p1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @OneRosterCollection(userSchema)
  getAllUsers(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.users.list(ctx, query);
  }

  @OneRosterSingle(userSchema)
  getUser(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.users.get(ctx, id, fields);
  }
}

@Controller('ims/oneroster/v1p1/students')
export class StudentsController {
  constructor(private readonly users: UsersService) {}

  @OneRosterCollection(userSchema)
  getAllStudents(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.users.list(ctx, query, students);
  }

  @OneRosterSingle(userSchema)
  getStudent(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.users.get(ctx, id, fields, students);
  }
}

@Controller('ims/oneroster/v1p1/teachers')
export class TeachersController {
  constructor(private readonly users: UsersService) {}

  @OneRosterCollection(userSchema)
  getAllTeachers(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.users.list(ctx, query, teachers);
  }

  @OneRosterSingle(userSchema)
  getTeacher(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.users.get(ctx, id, fields, teachers);
  }
}
