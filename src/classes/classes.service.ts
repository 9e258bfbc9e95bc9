import { orgInScope } from '../tenancy/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SelectQueryBuilder } from 'typeorm';
import { servedToday } from '../calendar/future-students';
import { ServingCalendar } from '../academic-sessions/serving-calendar';
import { hideNextYears, SchoolYearSpan, statusAfterSwitch, switchMoment } from '../calendar/school-year-rules';
import { ScopedRosterContext } from '../oneroster/http/roster-context';
import { Resource, serveAs } from '../oneroster/query/resource';
import { latestOf } from '../oneroster/query/served-sql';
import { COMMON_MEMBERS, RecordShape } from '../oneroster/query/page-json';
import { TenantClassTitleEntity } from './tenant-class-title.entity';
import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { loadLinks, Owners } from '../oneroster/link-loader';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { ResourceReader, scopedContext } from '../oneroster/resource-reader';
import { hasGradeMap, servedGrades } from '../sds-rules/grade-map';
import { ClassTermEntity } from './class-term.entity';
import { ClassEntity } from './class.entity';
import { classResource } from './class.resource';
import { orgShare } from '../orgs/org-share';

export interface ClassJson extends RecordJson {
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

/** A class's terms, in order: loaded by toRecords, built into the record by CLASS_SHAPE. */
const CLASS_TERMS = { entity: ClassTermEntity, owner: 'classSourcedId', target: 'termSourcedId' } as const;

const CLASS_SHAPE: RecordShape = [
  ...COMMON_MEMBERS,
  { name: 'title', kind: 'value', property: 'title' },
  { name: 'classCode', kind: 'optional', property: 'classCode' },
  { name: 'classType', kind: 'value', property: 'classType' },
  { name: 'location', kind: 'optional', property: 'location' },
  { name: 'grades', kind: 'list', property: 'grades' },
  { name: 'subjects', kind: 'list', property: 'subjects' },
  { name: 'course', kind: 'ref', type: 'course', property: 'courseSourcedId' },
  { name: 'school', kind: 'ref', type: 'org', property: 'schoolSourcedId' },
  { name: 'terms', kind: 'links', type: 'academicSession', links: CLASS_TERMS },
  { name: 'subjectCodes', kind: 'list', property: 'subjectCodes' },
  { name: 'periods', kind: 'list', property: 'periods' },
];

const CLASS_YEARS: SchoolYearSpan = { alias: 'cls', first: 'cls.schoolYearFirst', last: 'cls.schoolYearLast' };

@Injectable()
export class ClassesService extends ResourceReader<ClassEntity, ClassJson> {
  constructor(
    @InjectRepository(ClassEntity) repository: Repository<ClassEntity>,
    @InjectRepository(ClassTermEntity) private readonly classTerms: Repository<ClassTermEntity>,
    lists: ListQueryService,
    private readonly calendar: ServingCalendar,
  ) {
    super(
      repository,
      lists,
      classResource,
      { inScope: orgInScope('cls.schoolSourcedId'), departures: 'class', share: orgShare },
      calendar,
    );
  }

  protected override servedOnly(
    ctx: ScopedRosterContext,
    qb: SelectQueryBuilder<ClassEntity>,
  ): SelectQueryBuilder<ClassEntity> {
    qb.leftJoin(
      TenantClassTitleEntity,
      'tenantTitle',
      'tenantTitle.tenantId = :servedTenantId AND tenantTitle.classSourcedId = cls.sourcedId',
      { servedTenantId: ctx.tenantId },
    );
    const view = this.calendar.viewOf(ctx);
    return hideNextYears(qb.setParameters(servedToday(view)), view, CLASS_YEARS);
  }

  /** The title from the tenant's class title format; status and dateLastModified under the school-year switch. */
  override servedResource(ctx: ScopedRosterContext): Resource {
    const view = this.calendar.viewOf(ctx);
    return serveAs(this.resource, {
      title: 'COALESCE(tenantTitle.title, cls.title)',
      status: statusAfterSwitch(view, CLASS_YEARS),
      dateLastModified: latestOf(
        'cls.dateLastModified',
        'tenantTitle.changedAt',
        ...switchMoment(view),
        ...this.viewCandidates(ctx),
      ),
    });
  }

  /** The same record as toRecords, built by the database; where the tenant maps grades, in Node. */
  protected override recordShape(ctx: ScopedRosterContext): RecordShape | undefined {
    return hasGradeMap(ctx.tenant.gradeMap) ? undefined : CLASS_SHAPE;
  }

  protected async toRecords(ctx: RosterContext, rows: ClassEntity[], owners: Owners): Promise<ClassJson[]> {
    const terms = await loadLinks(this.classTerms, CLASS_TERMS.owner, CLASS_TERMS.target, owners);
    const { gradeMap } = scopedContext(ctx).tenant;
    return rows.map((row) => ({
      sourcedId: row.sourcedId,
      status: row.status,
      dateLastModified: row.dateLastModified,
      metadata: metadataOf(row),
      title: row.title,
      classCode: present(row.classCode),
      classType: row.classType,
      location: present(row.location),
      grades: servedGrades(row.grades, gradeMap),
      subjects: row.subjects ?? [],
      course: ctx.refs.ref('course', row.courseSourcedId),
      school: ctx.refs.ref('org', row.schoolSourcedId),
      terms: ctx.refs.refs('academicSession', terms.get(row.sourcedId) ?? []),
      subjectCodes: row.subjectCodes ?? [],
      periods: row.periods ?? [],
    }));
  }
}
