/** The time zone used when a tenant configures none. */
export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

/** The day (`MM-DD`) the new school year takes over when a tenant configures none. */
export const DEFAULT_SCHOOL_YEAR_SWITCH = '08-15';

/** A calendar setting (time zone or switch date) that cannot be used; the message is one line, fit for a CLI. */
export class CalendarSettingError extends Error {
  override readonly name: string = 'CalendarSettingError';
}

/** A month and day without a year, such as the school-year switch date. */
export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A common (non-leap) year: a switch date must exist in every year. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The year whose offsets `dayStartSuffix` samples; current rules are assumed to hold for other years. */
const SUFFIX_SAMPLE_YEAR = 2025;

/** Checks an IANA time zone name and returns its canonical spelling (`europe/brussels` → `Europe/Brussels`). */
export function validateTimeZone(zone: string): string {
  return wallClockFormat(zone).resolvedOptions().timeZone;
}

/** Parses a switch date written `MM-DD` or `M-D`; throws `CalendarSettingError`. */
export function parseSwitchDate(text: string): MonthDay {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!match) throw switchDateError(text, 'expected MM-DD, such as 08-15');
  const switchDate = { month: Number(match[1]), day: Number(match[2]) };
  const problem = switchDateProblem(switchDate);
  if (problem) throw switchDateError(text, problem);
  return switchDate;
}

/** Writes a switch date as `MM-DD`. */
export function formatSwitchDate(switchDate: MonthDay): string {
  return `${pad(switchDate.month, 2)}-${pad(switchDate.day, 2)}`;
}

/** The calendar date (`YYYY-MM-DD`) an instant falls on in `zone`. */
export function localDate(instant: Date, zone: string): string {
  const wall = wallClock(instant.getTime(), zone);
  return `${pad(wall.year, 4)}-${pad(wall.month, 2)}-${pad(wall.day, 2)}`;
}

/**
 * The instant local day `date` (`YYYY-MM-DD`) begins in `zone`. When midnight occurs twice (clocks turned back
 * across midnight) it is the first; when midnight is skipped it is the first instant of the day, just after the jump.
 */
export function startOfLocalDay(date: string, zone: string): Date {
  const midnight = parseDate(date);
  const offsets = [midnight - DAY_MS, midnight, midnight + DAY_MS].map((instant) => offsetAt(instant, zone));
  const exact = offsets.map((offset) => midnight - offset).filter((instant) => wallTime(instant, zone) === midnight);
  if (exact.length > 0) return new Date(Math.min(...exact));
  const [earliest, latest] = [midnight - Math.max(...offsets), midnight - Math.min(...offsets)];
  return new Date(firstInstantAtOrAfter(midnight, zone, earliest, latest));
}

/**
 * The OneRoster schoolYear (end year) running on a local date (`YYYY-MM-DD`): on or after the switch date of
 * year Y it is Y+1, before it Y.
 */
export function calendarSchoolYear(date: string, switchDate: MonthDay): number {
  assertSwitchDate(switchDate);
  const [year, month, day] = dateFields(date);
  const beforeSwitch = month < switchDate.month || (month === switchDate.month && day < switchDate.day);
  return beforeSwitch ? year : year + 1;
}

/** The instant the school year `schoolYear` takes over: local midnight of the switch date in year schoolYear-1. */
export function schoolYearSwitchInstant(schoolYear: number, switchDate: MonthDay, zone: string): Date {
  assertSwitchDate(switchDate);
  return startOfLocalDay(`${pad(schoolYear - 1, 4)}-${formatSwitchDate(switchDate)}`, zone);
}

/**
 * A suffix `Thh:mm:ss.sssZ` such that for every date D, `${D}${suffix}` read as a UTC instant is at or after the
 * instant local day D begins in `zone` and less than 24h after it, whatever the DST offset: 'T00:00:00.000Z' for
 * zones at or east of UTC (Europe/Brussels), 'T05:00:00.000Z' for America/New_York. It lets SQL build a
 * "visible from" timestamp with CONCAT(beginDate, suffix). Assumes the zone's current rules (those of 2025).
 */
export function dayStartSuffix(zone: string): string {
  // Day D begins at D 00:00 UTC minus the offset, so the most westerly offset in use gives the latest start.
  // Sampling each month of one year catches standard and summer time in either hemisphere.
  const offsets = Array.from({ length: 12 }, (_, month) => offsetAt(Date.UTC(SUFFIX_SAMPLE_YEAR, month, 1), zone));
  const behindUtc = Math.max(0, -Math.min(...offsets));
  return `T${new Date(behindUtc).toISOString().slice(11)}`;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(zone: string): Intl.DateTimeFormat {
  const cached = formats.get(zone);
  if (cached) return cached;
  const format = createWallClockFormat(zone);
  formats.set(zone, format);
  return format;
}

function createWallClockFormat(zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new CalendarSettingError(
      `Unknown time zone ${JSON.stringify(zone)}: use an IANA name such as ${DEFAULT_TIME_ZONE}`,
    );
  }
}

function wallClock(instant: number, zone: string): WallClock {
  const fields = new Map<string, string>();
  for (const part of wallClockFormat(zone).formatToParts(instant)) fields.set(part.type, part.value);
  const field = (type: string) => Number(fields.get(type));
  const eraYear = field('year');
  return {
    year: fields.get('era') === 'BC' ? 1 - eraYear : eraYear,
    month: field('month'),
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  };
}

/** The local wall-clock time at an instant, as milliseconds since the epoch if that wall time were UTC. */
function wallTime(instant: number, zone: string): number {
  const wall = wallClock(instant, zone);
  const milliseconds = ((instant % 1000) + 1000) % 1000;
  const timeOfDay = wall.hour * HOUR_MS + wall.minute * 60_000 + wall.second * 1000 + milliseconds;
  return utcMilliseconds(wall.year, wall.month, wall.day) + timeOfDay;
}

/** The zone's offset from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: number, zone: string): number {
  return wallTime(instant, zone) - instant;
}

/**
 * Midnight falls in a gap (clocks jumped forward over it) somewhere in [low, high]: finds the first instant
 * whose wall time is at or after midnight, which is the moment of the jump.
 */
function firstInstantAtOrAfter(midnight: number, zone: string, low: number, high: number): number {
  let [before, after] = [low, high];
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallTime(middle, zone) >= midnight) after = middle;
    else before = middle;
  }
  return after;
}

function parseDate(date: string): number {
  const [year, month, day] = dateFields(date);
  return utcMilliseconds(year, month, day);
}

function dateFields(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const fields: [number, number, number] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const [year, month, day] = fields;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected an existing date written YYYY-MM-DD`);
  }
  return fields;
}

/** Like `Date.UTC`, without its mapping of years 0–99 to 1900–1999. */
function utcMilliseconds(year: number, month: number, day: number): number {
  return new Date(0).setUTCFullYear(year, month - 1, day);
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMilliseconds(year, month + 1, 0)).getUTCDate();
}

function switchDateProblem({ month, day }: MonthDay): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 'the month must be 01 to 12';
  if (month === 2 && day === 29) return '02-29 does not exist in every year; use 02-28 or 03-01';
  if (!Number.isInteger(day) || day < 1 || day > DAYS_IN_MONTH[month - 1]) {
    return `the day must be 01 to ${DAYS_IN_MONTH[month - 1]} in month ${pad(month, 2)}`;
  }
  return null;
}

function assertSwitchDate(switchDate: MonthDay): void {
  const problem = switchDateProblem(switchDate);
  if (problem) throw switchDateError(`${switchDate.month}-${switchDate.day}`, problem);
}

function switchDateError(text: string, problem: string): CalendarSettingError {
  return new CalendarSettingError(`Invalid school-year switch date ${JSON.stringify(text)}: ${problem}`);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
