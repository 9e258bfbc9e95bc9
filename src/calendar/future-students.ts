import { CalendarView } from './calendar-view';

/** Later than any begin date: with future students included, every enrollment has begun. */
const END_OF_TIME = '9999-12-31';

/**
 * The `servedToday` parameter every reader of users, classes and enrollments sets: the tenant's
 * today when future students are held back, else a date after every begin date.
 */
export function servedToday(view: CalendarView): { servedToday: string } {
  return { servedToday: view.holdBackFutureStudents ? view.today : END_OF_TIME };
}

/** An enrollment (at `alias`) that is served today: not a student's that begins after today. */
export function hasBegun(alias: string): string {
  return `(${alias}.role <> 'student' OR ${alias}.beginDate IS NULL OR ${alias}.beginDate <= :servedToday)`;
}

/** A user (at `alias`) that is served today: not a student whose every enrollment begins after today. */
export function isNotFutureStudent(alias: string): string {
  return `(${alias}.role <> 'student' OR ${alias}.firstBeginDate IS NULL OR ${alias}.firstBeginDate <= :servedToday)`;
}
