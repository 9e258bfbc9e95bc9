/** What the calendar rules need to serve one request of one tenant. */
export interface CalendarView {
  /** The tenant's local date of the request, `YYYY-MM-DD`. */
  readonly today: string;
  /** Suffix that turns a local date into a timestamp at or just after its start (dayStartSuffix). */
  readonly dayStart: string;
  /** Whether student enrollments (and students) wait for their begin date. */
  readonly holdBackFutureStudents: boolean;
  /** The school year served (OneRoster schoolYear), or null when the tenant has no sessions up to this year. */
  readonly servedYear: string | null;
  /** When the served year took over: the switch date, or later if its data arrived later. */
  readonly switchedAt: string | null;
}
