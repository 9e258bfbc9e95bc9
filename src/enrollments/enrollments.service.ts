import { orgInScope } from '../tenancy/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SelectQueryBuilder } from 'typeorm';
import { hasBegun, servedToday } from '../calendar/future-students';
import { ServingCalendar } from '../academic-sessions/serving-calendar';
import { hideNextYears, SchoolYearSpan, statusAfterSwitch, switchMoment } from '../calendar/school-year-rules';
import { ScopedRosterContext } from '../oneroster/http/roster-context';
import { Resource, serveAs } from '../oneroster/query/resource';
import { dateAtSuffix, latestOf } from '../oneroster/query/served-sql';
import { COMMON_MEMBERS, RecordShape } from '../oneroster/query/page-json';

import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { Narrowing, ResourceReader } from '../oneroster/resource-reader';
import { EnrollmentEntity } from './enrollment.entity';
import { enrollmentResource } from './enrollment.resource';
import { orgShare } from '../orgs/org-share';

export interface EnrollmentJson extends RecordJson {
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

const ENROLLMENT_YEARS: SchoolYearSpan = {
  alias: 'enrollment',
  first: 'enrollment.schoolYearFirst',
  last: 'enrollment.schoolYearLast',
};
const ENROLLMENT_SHAPE: RecordShape = [
  ...COMMON_MEMBERS,
  { name: 'user', kind: 'ref', type: 'user', property: 'userSourcedId' },
  { name: 'class', kind: 'ref', type: 'class', property: 'classSourcedId' },
  { name: 'school', kind: 'ref', type: 'org', property: 'schoolSourcedId' },
  { name: 'role', kind: 'value', property: 'role' },
  { name: 'primary', kind: 'boolean', property: 'primary' },
  { name: 'beginDate', kind: 'optional', property: 'beginDate' },
  { name: 'endDate', kind: 'optional', property: 'endDate' },
];

const STUDENT_WITH_BEGIN = "enrollment.role = 'student' AND enrollment.beginDate IS NOT NULL";

@Injectable()
export class EnrollmentsService extends ResourceReader<EnrollmentEntity, EnrollmentJson> {
  constructor(
    @InjectRepository(EnrollmentEntity) repository: Repository<EnrollmentEntity>,
    lists: ListQueryService,
    private readonly calendar: ServingCalendar,
  ) {
    super(
      repository,
      lists,
      enrollmentResource,
      { inScope: orgInScope('enrollment.schoolSourcedId'), departures: 'enrollment', share: orgShare },
      calendar,
    );
  }

  /** Next year's enrollments wait for the switch; with future students `exclude`, a student's waits for its begin date. */
  protected override servedOnly(
    ctx: ScopedRosterContext,
    qb: SelectQueryBuilder<EnrollmentEntity>,
  ): SelectQueryBuilder<EnrollmentEntity> {
    const view = this.calendar.viewOf(ctx);
    return hideNextYears(qb.andWhere(hasBegun('enrollment'), servedToday(view)), view, ENROLLMENT_YEARS);
  }

  override servedResource(ctx: ScopedRosterContext): Resource {
    const view = this.calendar.viewOf(ctx);
    const begins = view.holdBackFutureStudents
      ? [`CASE WHEN ${STUDENT_WITH_BEGIN} THEN ${dateAtSuffix('enrollment.beginDate', view.dayStart)} END`]
      : [];
    return serveAs(this.resource, {
      status: statusAfterSwitch(view, ENROLLMENT_YEARS),
      dateLastModified: latestOf(
        'enrollment.dateLastModified',
        ...begins,
        ...switchMoment(view),
        ...this.viewCandidates(ctx),
      ),
    });
  }

  /** The same record as toRecords, built by the database. */
  protected override recordShape(): RecordShape {
    return ENROLLMENT_SHAPE;
  }

  protected async toRecords(ctx: RosterContext, rows: EnrollmentEntity[]): Promise<EnrollmentJson[]> {
    return rows.map((row) => ({
      sourcedId: row.sourcedId,
      status: row.status,
      dateLastModified: row.dateLastModified,
      metadata: metadataOf(row),
      user: ctx.refs.ref('user', row.userSourcedId),
      class: ctx.refs.ref('class', row.classSourcedId),
      school: ctx.refs.ref('org', row.schoolSourcedId),
      role: row.role,
      primary: present(row.primary),
      beginDate: present(row.beginDate),
      endDate: present(row.endDate),
    }));
  }
}
