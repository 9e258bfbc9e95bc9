import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AcademicSessionEntity } from './academic-session.entity';
import { ScopedRosterContext } from '../oneroster/http/roster-context';
import { sessionInScope } from '../tenancy/tenant-scope.conditions';
import { CalendarView } from '../calendar/calendar-view';
import {
  calendarSchoolYear,
  dayStartSuffix,
  localDate,
  parseSwitchDate,
  schoolYearSwitchInstant,
} from '../calendar/school-calendar';

const sessionsInScope = sessionInScope('session.sourcedId');

/**
 * The school-year and future-student rules of one request, worked out once per request.
 *
 * The served school year is the latest one the tenant's data has that has started by the
 * calendar (the switch date): next year's data can be imported in advance and waits for the
 * switch, and a board whose new year has not been imported yet keeps the running one.
 */
@Injectable()
export class ServingCalendar {
  private readonly views = new WeakMap<object, Promise<CalendarView>>();
  private readonly ready = new WeakMap<object, CalendarView>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The request's view, computed on first use (one query). */
  view(ctx: ScopedRosterContext): Promise<CalendarView> {
    let view = this.views.get(ctx);
    if (!view) this.views.set(ctx, (view = this.compute(ctx).then((done) => (this.ready.set(ctx, done), done))));
    return view;
  }

  /** The view `view(ctx)` computed; readers await it in their `prepare` step. */
  viewOf(ctx: ScopedRosterContext): CalendarView {
    const view = this.ready.get(ctx);
    if (!view) throw new Error('ServingCalendar.view(ctx) was not awaited before serving');
    return view;
  }

  protected async compute(ctx: ScopedRosterContext): Promise<CalendarView> {
    const { tenant, now } = ctx;
    const today = localDate(now, tenant.timeZone);
    const switchDate = parseSwitchDate(tenant.schoolYearSwitch);
    const latest = await this.latestStartedYear(ctx.tenantId, String(calendarSchoolYear(today, switchDate)));
    const switchedAt =
      latest &&
      laterOf(
        schoolYearSwitchInstant(Number(latest.year), switchDate, tenant.timeZone).toISOString(),
        latest.arrivedAt,
      );
    return {
      today,
      dayStart: dayStartSuffix(tenant.timeZone),
      holdBackFutureStudents: tenant.futureStudents === 'exclude',
      servedYear: latest?.year ?? null,
      switchedAt,
    };
  }

  /** The tenant's latest school year up to `calendarYear`, and when its first session arrived (a later edit of one term moves nothing). */
  private async latestStartedYear(tenantId: string, calendarYear: string) {
    const row = await this.latestYearQuery(tenantId, calendarYear).getRawOne<{ year: string; arrivedAt: string }>();
    return row ? { year: String(row.year), arrivedAt: String(row.arrivedAt) } : null;
  }

  latestYearQuery(tenantId: string, calendarYear: string) {
    const qb = this.dataSource
      .getRepository(AcademicSessionEntity)
      .createQueryBuilder('session')
      .select('session.schoolYear', 'year')
      .addSelect('MIN(session.dateLastModified)', 'arrivedAt')
      .where('session.schoolYear <= :calendarYear', { calendarYear })
      .groupBy('session.schoolYear')
      .orderBy('session.schoolYear', 'DESC')
      .limit(1);
    return sessionsInScope(qb, tenantId);
  }
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}
