import { orgInScope } from '../tenants/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { commonJson, optional } from '../oneroster/record-json';
import { Narrowing, ResourceReader } from '../oneroster/resource-reader';
import { EnrollmentEntity } from './enrollment.entity';
import { enrollmentResource } from './enrollment.resource';

export interface EnrollmentJson {
  sourcedId: string;
  status: string;
  dateLastModified: string;
  user: GuidRef;
  class: GuidRef;
  school: GuidRef;
  role: string;
  primary?: boolean;
  beginDate?: string;
  endDate?: string;
}

/** /schools/{id}/enrollments */
export function enrollmentsOfSchool(schoolId: string): Narrowing<EnrollmentEntity> {
  return (qb) => qb.andWhere('enrollment.schoolSourcedId = :schoolId', { schoolId });
}

/** /schools/{id}/classes/{id}/enrollments */
export function enrollmentsOfClass(classId: string): Narrowing<EnrollmentEntity> {
  return (qb) => qb.andWhere('enrollment.classSourcedId = :classId', { classId });
}

@Injectable()
export class EnrollmentsService extends ResourceReader<EnrollmentEntity, EnrollmentJson> {
  constructor(@InjectRepository(EnrollmentEntity) repository: Repository<EnrollmentEntity>, lists: ListQueryService) {
    super(repository, lists, enrollmentResource, orgInScope('enrollment.schoolSourcedId'));
  }

  protected async toRecords(ctx: RosterContext, rows: EnrollmentEntity[]): Promise<EnrollmentJson[]> {
    return rows.map((row) => ({
      ...commonJson(row),
      user: ctx.refs.ref('user', row.userSourcedId),
      class: ctx.refs.ref('class', row.classSourcedId),
      school: ctx.refs.ref('org', row.schoolSourcedId),
      role: row.role,
      ...optional('primary', row.primary),
      ...optional('beginDate', row.beginDate),
      ...optional('endDate', row.endDate),
    }));
  }
}
