import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calendarSchoolYear,
  CalendarSettingError,
  dayStartSuffix,
  DEFAULT_SCHOOL_YEAR_SWITCH,
  DEFAULT_TIME_ZONE,
  formatSwitchDate,
  localDate,
  parseSwitchDate,
  schoolYearSwitchInstant,
  startOfLocalDay,
  validateTimeZone,
} from './school-calendar';

const BRUSSELS = 'Europe/Brussels';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const AUGUST_15 = { month: 8, day: 15 };

/** Zones whose offsets did not change between 2000 and now, so today's rules hold for the whole property range. */
const STABLE_ZONES = [
  'UTC',
  'Europe/Brussels',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Havana',
  'America/Santiago',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Etc/GMT+12',
  'Etc/GMT-14',
];
const anyZone = fc.constantFrom(...STABLE_ZONES);
const MIN_DAY = Date.UTC(2000, 0, 1) / DAY_MS;
const MAX_DAY = Date.UTC(2100, 11, 31) / DAY_MS;
const anyDate = fc
  .integer({ min: MIN_DAY, max: MAX_DAY })
  .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
const anyInstant = fc.integer({ min: MIN_DAY * DAY_MS, max: MAX_DAY * DAY_MS }).map((ms) => new Date(ms));
const anySwitchDate = fc
  .record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .filter(({ month, day }) => day <= [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]);

const iso = (instant: Date) => instant.toISOString();
const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / HOUR_MS;
const errorOf = (action: () => unknown): Error => {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('defaults', () => {
  it('are Brussels and 15 August', () => {
    expect(validateTimeZone(DEFAULT_TIME_ZONE)).toBe(BRUSSELS);
    expect(parseSwitchDate(DEFAULT_SCHOOL_YEAR_SWITCH)).toEqual(AUGUST_15);
  });
});

describe('validateTimeZone', () => {
  it.each([
    ['Europe/Brussels', 'Europe/Brussels'],
    ['europe/brussels', 'Europe/Brussels'],
    ['America/New_York', 'America/New_York'],
    ['Etc/UTC', 'UTC'],
    ['utc', 'UTC'],
  ])('accepts %j as %j', (zone, canonical) => {
    expect(validateTimeZone(zone)).toBe(canonical);
  });

  it.each(['', 'Europe/Brusels', 'Mars/Olympus_Mons', ' Europe/Brussels', 'Europe/Brussels\nx', 'CET+1'])(
    'rejects %j with a one-line message naming the zone',
    (zone) => {
      const error = errorOf(() => validateTimeZone(zone));
      expect(error).toBeInstanceOf(CalendarSettingError);
      expect(error.name).toBe('CalendarSettingError');
      expect(error.message).toContain(JSON.stringify(zone));
      expect(error.message).toContain('IANA');
      expect(error.message).not.toMatch(/[\r\n]/);
    },
  );

  it('gives the same error from every function that takes a zone', () => {
    expect(() => localDate(new Date(), 'Nowhere/Land')).toThrow(CalendarSettingError);
    expect(() => startOfLocalDay('2026-01-01', 'Nowhere/Land')).toThrow(CalendarSettingError);
    expect(() => schoolYearSwitchInstant(2026, AUGUST_15, 'Nowhere/Land')).toThrow(CalendarSettingError);
    expect(() => dayStartSuffix('Nowhere/Land')).toThrow(CalendarSettingError);
  });
});

describe('parseSwitchDate', () => {
  it.each([
    ['08-15', { month: 8, day: 15 }],
    ['8-5', { month: 8, day: 5 }],
    ['09-1', { month: 9, day: 1 }],
    [' 01-31 ', { month: 1, day: 31 }],
    ['02-28', { month: 2, day: 28 }],
    ['12-31', { month: 12, day: 31 }],
  ])('parses %j', (text, expected) => {
    expect(parseSwitchDate(text)).toEqual(expected);
  });

  it.each([
    ['02-29', /does not exist in every year/],
    ['13-01', /month must be 01 to 12/],
    ['00-10', /month must be 01 to 12/],
    ['04-31', /day must be 01 to 30 in month 04/],
    ['02-30', /day must be 01 to 28 in month 02/],
    ['08-00', /day must be 01 to 31/],
    ['08/15', /expected MM-DD/],
    ['2026-08-15', /expected MM-DD/],
    ['008-15', /expected MM-DD/],
    ['0815', /expected MM-DD/],
    ['', /expected MM-DD/],
    ['aug-15', /expected MM-DD/],
  ])('rejects %j', (text, problem) => {
    const error = errorOf(() => parseSwitchDate(text));
    expect(error).toBeInstanceOf(CalendarSettingError);
    expect(error.message).toContain(`Invalid school-year switch date ${JSON.stringify(text)}`);
    expect(error.message).toMatch(problem);
  });
});

describe('formatSwitchDate', () => {
  it('pads month and day', () => {
    expect(formatSwitchDate({ month: 8, day: 5 })).toBe('08-05');
    expect(formatSwitchDate({ month: 12, day: 31 })).toBe('12-31');
  });

  it('round-trips through parseSwitchDate', () => {
    fc.assert(
      fc.property(anySwitchDate, (switchDate) => {
        expect(parseSwitchDate(formatSwitchDate(switchDate))).toEqual(switchDate);
      }),
    );
  });
});

describe('localDate', () => {
  it.each([
    ['2026-08-14T21:59:59.999Z', BRUSSELS, '2026-08-14'],
    ['2026-08-14T22:00:00.000Z', BRUSSELS, '2026-08-15'],
    ['2026-01-14T22:59:59.999Z', BRUSSELS, '2026-01-14'],
    ['2026-01-14T23:00:00.000Z', BRUSSELS, '2026-01-15'],
    ['2026-01-15T04:59:59.999Z', 'America/New_York', '2026-01-14'],
    ['2026-01-15T05:00:00.000Z', 'America/New_York', '2026-01-15'],
    ['2026-01-14T18:30:00.000Z', 'Asia/Kolkata', '2026-01-15'],
    ['2026-01-14T10:00:00.000Z', 'Pacific/Kiritimati', '2026-01-15'],
    ['2026-01-15T10:59:59.999Z', 'Pacific/Pago_Pago', '2026-01-14'],
    ['0050-03-01T12:00:00.000Z', 'UTC', '0050-03-01'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(localDate(new Date(instant), zone)).toBe(date);
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight in summer and winter time', () => {
    expect(iso(startOfLocalDay('2026-08-15', BRUSSELS))).toBe('2026-08-14T22:00:00.000Z');
    expect(iso(startOfLocalDay('2026-01-15', BRUSSELS))).toBe('2026-01-14T23:00:00.000Z');
    expect(iso(startOfLocalDay('2026-01-15', 'America/New_York'))).toBe('2026-01-15T05:00:00.000Z');
    expect(iso(startOfLocalDay('2026-01-15', 'Asia/Kolkata'))).toBe('2026-01-14T18:30:00.000Z');
  });

  it('gives Brussels a 23-hour day when summer time starts on 29 March 2026', () => {
    const day = startOfLocalDay('2026-03-29', BRUSSELS);
    const next = startOfLocalDay('2026-03-30', BRUSSELS);
    expect(iso(day)).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(next)).toBe('2026-03-29T22:00:00.000Z');
    expect(hoursBetween(day, next)).toBe(23);
  });

  it('gives Brussels a 25-hour day when summer time ends on 25 October 2026', () => {
    const day = startOfLocalDay('2026-10-25', BRUSSELS);
    const next = startOfLocalDay('2026-10-26', BRUSSELS);
    expect(iso(day)).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(next)).toBe('2026-10-25T23:00:00.000Z');
    expect(hoursBetween(day, next)).toBe(25);
  });

  it('starts at the jump when clocks skip midnight (Havana springs from 00:00 to 01:00)', () => {
    const start = startOfLocalDay('2026-03-08', 'America/Havana');
    expect(iso(start)).toBe('2026-03-08T05:00:00.000Z');
    expect(localDate(new Date(start.getTime() - 1), 'America/Havana')).toBe('2026-03-07');
    expect(localDate(start, 'America/Havana')).toBe('2026-03-08');
  });

  it('takes the first midnight when clocks turn back into it (Havana falls back from 01:00 to 00:00)', () => {
    expect(iso(startOfLocalDay('2026-11-01', 'America/Havana'))).toBe('2026-11-01T04:00:00.000Z');
  });

  it('gives a skipped day (Samoa, 30 December 2011) the instant the next day begins', () => {
    const skipped = startOfLocalDay('2011-12-30', 'Pacific/Apia');
    expect(iso(skipped)).toBe('2011-12-30T10:00:00.000Z');
    expect(skipped).toEqual(startOfLocalDay('2011-12-31', 'Pacific/Apia'));
    expect(localDate(new Date(skipped.getTime() - 1), 'Pacific/Apia')).toBe('2011-12-29');
  });

  it('handles local mean time offsets with seconds', () => {
    expect(iso(startOfLocalDay('1850-01-01', BRUSSELS))).toBe('1849-12-31T23:42:30.000Z');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-8-15', '15-08-2026', ''])('rejects the date %j', (date) => {
    expect(() => startOfLocalDay(date, BRUSSELS)).toThrow(RangeError);
  });

  it('is the first instant of the local date of any instant', () => {
    fc.assert(
      fc.property(anyInstant, anyZone, (instant, zone) => {
        const date = localDate(instant, zone);
        const start = startOfLocalDay(date, zone);
        expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(localDate(start, zone)).toBe(date);
        expect(localDate(new Date(start.getTime() - 1), zone) < date).toBe(true);
      }),
    );
  });
});

describe('calendarSchoolYear', () => {
  it.each([
    ['2026-08-14', 2026],
    ['2026-08-15', 2027],
    ['2026-08-16', 2027],
    ['2026-01-01', 2026],
    ['2026-07-31', 2026],
    ['2026-12-31', 2027],
  ])('%s is in school year %i with the default switch', (date, schoolYear) => {
    expect(calendarSchoolYear(date, AUGUST_15)).toBe(schoolYear);
  });

  it('follows another switch date', () => {
    expect(calendarSchoolYear('2026-08-31', { month: 9, day: 1 })).toBe(2026);
    expect(calendarSchoolYear('2026-09-01', { month: 9, day: 1 })).toBe(2027);
    expect(calendarSchoolYear('2026-12-31', { month: 1, day: 1 })).toBe(2027);
  });

  it('rejects a switch date that does not exist in every year', () => {
    expect(() => calendarSchoolYear('2026-08-15', { month: 2, day: 29 })).toThrow(CalendarSettingError);
    expect(() => calendarSchoolYear('2026-08-15', { month: 8, day: 32 })).toThrow(CalendarSettingError);
  });
});

describe('schoolYearSwitchInstant', () => {
  it('is local midnight of the switch date in the year the school year starts', () => {
    expect(iso(schoolYearSwitchInstant(2027, AUGUST_15, BRUSSELS))).toBe('2026-08-14T22:00:00.000Z');
    expect(iso(schoolYearSwitchInstant(2026, { month: 9, day: 1 }, 'America/New_York'))).toBe(
      '2025-09-01T04:00:00.000Z',
    );
  });

  it('agrees with calendarSchoolYear on the local date of any instant', () => {
    fc.assert(
      fc.property(anyInstant, anyZone, anySwitchDate, (instant, zone, switchDate) => {
        const schoolYear = calendarSchoolYear(localDate(instant, zone), switchDate);
        expect(schoolYearSwitchInstant(schoolYear, switchDate, zone).getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(schoolYearSwitchInstant(schoolYear + 1, switchDate, zone).getTime()).toBeGreaterThan(instant.getTime());
      }),
    );
  });
});

describe('dayStartSuffix', () => {
  it.each([
    ['UTC', 'T00:00:00.000Z'],
    [BRUSSELS, 'T00:00:00.000Z'],
    ['Asia/Kolkata', 'T00:00:00.000Z'],
    ['Pacific/Kiritimati', 'T00:00:00.000Z'],
    ['America/New_York', 'T05:00:00.000Z'],
    ['America/St_Johns', 'T03:30:00.000Z'],
    ['Pacific/Pago_Pago', 'T11:00:00.000Z'],
    ['Etc/GMT+12', 'T12:00:00.000Z'],
  ])('%s gets %s', (zone, suffix) => {
    expect(dayStartSuffix(zone)).toBe(suffix);
  });

  it('makes a date a UTC instant within the first 24 hours of the local day', () => {
    fc.assert(
      fc.property(anyDate, anyZone, (date, zone) => {
        const visibleFrom = new Date(`${date}${dayStartSuffix(zone)}`).getTime();
        const start = startOfLocalDay(date, zone).getTime();
        expect(visibleFrom).toBeGreaterThanOrEqual(start);
        expect(visibleFrom).toBeLessThan(start + DAY_MS);
      }),
      { numRuns: 500 },
    );
  });
});
