import { Controller, Param, Query } from '@nestjs/common';
import { FieldsPipe, ListQueryPipe } from '../oneroster/http/list-query.pipe';
import { OneRosterCollection, OneRosterSingle } from '../oneroster/http/oneroster-route.decorators';
import { Roster, RosterContext } from '../oneroster/http/roster-context';
import type { ListQuery } from '../oneroster/query/list-query';
import { students, teachers } from './user-narrowings';
import { UsersService } from './users.service';

@Controller('ims/oneroster/v1p1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @OneRosterCollection()
  getAllUsers(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.users.list(ctx, query);
  }

  @OneRosterSingle()
  getUser(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.users.get(ctx, id, fields);
  }
}

@Controller('ims/oneroster/v1p1/students')
export class StudentsController {
  constructor(private readonly users: UsersService) {}

  @OneRosterCollection()
  getAllStudents(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.users.list(ctx, query, students);
  }

  @OneRosterSingle()
  getStudent(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.users.get(ctx, id, fields, students);
  }
}

@Controller('ims/oneroster/v1p1/teachers')
export class TeachersController {
  constructor(private readonly users: UsersService) {}

  @OneRosterCollection()
  getAllTeachers(@Roster() ctx: RosterContext, @Query(ListQueryPipe) query: ListQuery) {
    return this.users.list(ctx, query, teachers);
  }

  @OneRosterSingle()
  getTeacher(@Roster() ctx: RosterContext, @Param('id') id: string, @Query(FieldsPipe) fields?: string[]) {
    return this.users.get(ctx, id, fields, teachers);
  }
}
