import { orgInScope } from '../tenants/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { commonJson, optional } from '../oneroster/record-json';
import { Narrowing, ResourceReader } from '../oneroster/resource-reader';
import { CourseEntity } from './course.entity';
import { courseResource } from './course.resource';

export interface CourseJson {
  sourcedId: string;
  status: string;
  dateLastModified: string;
  title: string;
  schoolYear?: GuidRef;
  courseCode?: string;
  grades: string[];
  subjects: string[];
  org: GuidRef;
  subjectCodes: string[];
}

/** Courses of one school: /schools/{id}/courses. */
export function coursesOfSchool(schoolId: string): Narrowing<CourseEntity> {
  return (qb) => qb.andWhere('course.orgSourcedId = :schoolId', { schoolId });
}

@Injectable()
export class CoursesService extends ResourceReader<CourseEntity, CourseJson> {
  constructor(@InjectRepository(CourseEntity) repository: Repository<CourseEntity>, lists: ListQueryService) {
    super(repository, lists, courseResource, orgInScope('course.orgSourcedId'));
  }

  protected async toRecords(ctx: RosterContext, rows: CourseEntity[]): Promise<CourseJson[]> {
    return rows.map((row) => ({
      ...commonJson(row),
      title: row.title,
      ...optional('schoolYear', ctx.refs.refOrNull('academicSession', row.schoolYearSourcedId)),
      ...optional('courseCode', row.courseCode),
      grades: row.grades ?? [],
      subjects: row.subjects ?? [],
      org: ctx.refs.ref('org', row.orgSourcedId),
      subjectCodes: row.subjectCodes ?? [],
    }));
  }
}
