import { sessionInScope } from '../tenancy/tenant-scope.conditions';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SelectQueryBuilder } from 'typeorm';
import { ServingCalendar } from './serving-calendar';
import { hideNextYears, SchoolYearSpan, statusAfterSwitch, switchMoment } from '../calendar/school-year-rules';
import { ScopedRosterContext } from '../oneroster/http/roster-context';
import { Resource, serveAs } from '../oneroster/query/resource';
import { latestOf } from '../oneroster/query/served-sql';

import { GuidRef } from '../oneroster/guid-ref';
import { RosterContext } from '../oneroster/http/roster-context';
import { ListQueryService } from '../oneroster/query/list-query.service';
import { metadataOf, present, RecordJson } from '../oneroster/record-json';
import { Narrowing, ResourceReader } from '../oneroster/resource-reader';
import { AcademicSessionEntity, SessionType } from './academic-session.entity';
import { academicSessionResource } from './academic-session.resource';

export interface AcademicSessionJson extends RecordJson {
  title: string;
  startDate: string;
  endDate: string;
  type: string;
  parent?: GuidRef;
  children: GuidRef[];
  schoolYear: string;
}

/** Sessions of one type: /terms serves terms, /gradingPeriods grading periods. */
export function sessionsOfType(type: SessionType): Narrowing<AcademicSessionEntity> {
  return (qb) => qb.andWhere('session.type = :sessionType', { sessionType: type });
}

/** /terms/{id}/gradingPeriods: the grading periods whose parent is the term. */
export function gradingPeriodsOfTerm(termId: string): Narrowing<AcademicSessionEntity> {
  return (qb) => sessionsOfType('gradingPeriod')(qb).andWhere('session.parentSourcedId = :termId', { termId });
}

const SESSION_YEARS: SchoolYearSpan = { alias: 'session', first: 'session.schoolYear', last: 'session.schoolYear' };

@Injectable()
export class AcademicSessionsService extends ResourceReader<AcademicSessionEntity, AcademicSessionJson> {
  constructor(
    @InjectRepository(AcademicSessionEntity) repository: Repository<AcademicSessionEntity>,
    lists: ListQueryService,
    private readonly calendar: ServingCalendar,
  ) {
    super(
      repository,
      lists,
      academicSessionResource,
      { inScope: sessionInScope('session.sourcedId'), departures: 'academicSession' },
      calendar,
    );
  }

  protected override servedOnly(
    ctx: ScopedRosterContext,
    qb: SelectQueryBuilder<AcademicSessionEntity>,
  ): SelectQueryBuilder<AcademicSessionEntity> {
    return hideNextYears(qb, this.calendar.viewOf(ctx), SESSION_YEARS);
  }

  override servedResource(ctx: ScopedRosterContext): Resource {
    const view = this.calendar.viewOf(ctx);
    return serveAs(this.resource, {
      status: statusAfterSwitch(view, SESSION_YEARS),
      dateLastModified: latestOf('session.dateLastModified', ...switchMoment(view), ...this.viewCandidates(ctx)),
    });
  }

  protected async toRecords(ctx: RosterContext, rows: AcademicSessionEntity[]): Promise<AcademicSessionJson[]> {
    const children = await this.childIds(
      ctx,
      rows.map((row) => row.sourcedId),
      'parentSourcedId',
    );
    return rows.map((row) => ({
      sourcedId: row.sourcedId,
      status: row.status,
      dateLastModified: row.dateLastModified,
      metadata: metadataOf(row),
      title: row.title,
      startDate: row.startDate,
      endDate: row.endDate,
      type: row.type,
      parent: present(ctx.refs.refOrNull('academicSession', row.parentSourcedId)),
      children: ctx.refs.refs('academicSession', children.get(row.sourcedId) ?? []),
      schoolYear: row.schoolYear,
    }));
  }
}
