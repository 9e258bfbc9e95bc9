import { orgInScope } from '../tenancy/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { Narrowing, ResourceReader } from '../oneroster/resource-reader';
import { CourseEntity } from './course.entity';
import { courseResource } from './course.resource';

export interface CourseJson extends RecordJson {
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
    super(repository, lists, courseResource, { inScope: orgInScope('course.orgSourcedId'), departures: 'course' });
  }

  protected async toRecords(ctx: RosterContext, rows: CourseEntity[]): Promise<CourseJson[]> {
    return rows.map((row) => ({
      sourcedId: row.sourcedId,
      status: row.status,
      dateLastModified: row.dateLastModified,
      metadata: metadataOf(row),
      title: row.title,
      schoolYear: present(ctx.refs.refOrNull('academicSession', row.schoolYearSourcedId)),
      courseCode: present(row.courseCode),
      grades: row.grades ?? [],
      subjects: row.subjects ?? [],
      org: ctx.refs.ref('org', row.orgSourcedId),
      subjectCodes: row.subjectCodes ?? [],
    }));
  }
}
