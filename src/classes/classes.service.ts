import { orgInScope } from '../tenants/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { loadLinks } from '../oneroster/link-loader';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { commonJson, optional } from '../oneroster/record-json';
import { ResourceReader } from '../oneroster/resource-reader';
import { ClassTermEntity } from './class-term.entity';
import { ClassEntity } from './class.entity';
import { classResource } from './class.resource';

export interface ClassJson {
  sourcedId: string;
  status: string;
  dateLastModified: string;
  title: string;
  classCode?: string;
  classType: string;
  location?: string;
  grades: string[];
  subjects: string[];
  course: GuidRef;
  school: GuidRef;
  terms: GuidRef[];
  subjectCodes: string[];
  periods: string[];
}

@Injectable()
export class ClassesService extends ResourceReader<ClassEntity, ClassJson> {
  constructor(
    @InjectRepository(ClassEntity) repository: Repository<ClassEntity>,
    @InjectRepository(ClassTermEntity) private readonly classTerms: Repository<ClassTermEntity>,
    lists: ListQueryService,
  ) {
    super(repository, lists, classResource, orgInScope('cls.schoolSourcedId'));
  }

  protected async toRecords(ctx: RosterContext, rows: ClassEntity[]): Promise<ClassJson[]> {
    const ids = rows.map((row) => row.sourcedId);
    const terms = await loadLinks(this.classTerms, 'classSourcedId', 'termSourcedId', ids);
    return rows.map((row) => ({
      ...commonJson(row),
      title: row.title,
      ...optional('classCode', row.classCode),
      classType: row.classType,
      ...optional('location', row.location),
      grades: row.grades ?? [],
      subjects: row.subjects ?? [],
      course: ctx.refs.ref('course', row.courseSourcedId),
      school: ctx.refs.ref('org', row.schoolSourcedId),
      terms: ctx.refs.refs('academicSession', terms.get(row.sourcedId) ?? []),
      subjectCodes: row.subjectCodes ?? [],
      periods: row.periods ?? [],
    }));
  }
}
