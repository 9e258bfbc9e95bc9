import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ServedValue } from '../oneroster/query/resource';
import { KnownInstant } from '../oneroster/query/served-sql';
import { CalendarView } from './calendar-view';

/** Where a record's school years are: its first and last OneRoster schoolYear (NULL when unknown). */
export interface SchoolYearSpan {
  readonly alias: string;
  readonly first: string;
  readonly last: string;
}

/**
 * The school-year switch for sessions, classes and enrollments: a record whose years all lie after
 * the served year is not served yet; one whose years all lie before it is served as `tobedeleted`,
 * so SDS archives last year's classes; every served record's dateLastModified is at least the
 * moment the served year took over, so a delta sync sees the switch. Records without known years
 * are served as stored.
 */
export function hideNextYears<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  view: CalendarView,
  span: SchoolYearSpan,
) {
  if (view.servedYear === null) return qb;
  return qb.andWhere(`(${span.first} IS NULL OR ${span.first} <= :servedYear)`, {
    servedYear: view.servedYear,
    switchedAt: view.switchedAt,
  });
}

/**
 * Served `status` under the switch (see hideNextYears), with its equality written out: never NULL,
 * so `NOT (equals)` is exactly `!=`.
 */
export function statusAfterSwitch(view: CalendarView, span: SchoolYearSpan): ServedValue {
  const stored = `${span.alias}.status`;
  if (view.servedYear === null) return stored;
  const lastYearOnly = `${span.last} IS NOT NULL AND ${span.last} < :servedYear`;
  return {
    sql: `CASE WHEN ${span.last} < :servedYear THEN 'tobedeleted' ELSE ${stored} END`,
    equals: (value) =>
      `(${span.last} IS NULL OR ${span.last} >= :servedYear) AND ${stored} = ${value} OR ${lastYearOnly} AND 'tobedeleted' = ${value}`,
  };
}

/** Served `dateLastModified` candidates under the switch: the switch moment (see hideNextYears). */
export function switchMoment(view: CalendarView): KnownInstant[] {
  return view.servedYear === null || view.switchedAt === null
    ? []
    : [{ parameter: 'switchedAt', value: view.switchedAt }];
}
