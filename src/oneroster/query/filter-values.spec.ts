import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFilterFieldError } from '../errors/oneroster.errors';
import { filterValue, isCalendarDate, toStoredInstant } from './filter-values';

describe('toStoredInstant', () => {
  it.each([
    ['2026-11-20T06:00:00.000Z', '2026-11-20T06:00:00.000Z'],
    ['2026-11-20T06:00:00Z', '2026-11-20T06:00:00.000Z'],
    ['2026-11-20T06:00:00', '2026-11-20T06:00:00.000Z'],
    ['2026-11-20 06:00:00', '2026-11-20T06:00:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T07:00:00+01:00', '2026-11-20T06:00:00.000Z'],
    ['2026-11-20T07:00:00+0100', '2026-11-20T06:00:00.000Z'],
    ['2026-11-20T06:00:00.1234567Z', '2026-11-20T06:00:00.123Z'],
    ['2026-11-20T06:00', '2026-11-20T06:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(toStoredInstant(input)).toBe(expected);
  });

  it.each(['yesterday', '2026-02-30', '2026-13-01', '2026-11-20T25:00:00Z', '20261120', '', '2026-11-20T06:00:00X'])(
    'rejects %s',
    (input) => expect(toStoredInstant(input)).toBeNull(),
  );

  it('round-trips every instant in its own format and orders as time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (date) => {
          const stored = toStoredInstant(date.toISOString());
          expect(stored).toBe(date.toISOString());
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 4e12 }), (a, b) => {
        const [x, y] = [new Date(a).toISOString(), new Date(b).toISOString()];
        expect(x < y).toBe(a < b);
      }),
    );
  });
});

describe('filterValue', () => {
  it('converts by field kind', () => {
    expect(filterValue('givenName', 'string', "O'Brien")).toBe("O'Brien");
    expect(filterValue('enabledUser', 'boolean', 'false')).toBe(false);
    expect(filterValue('beginDate', 'date', '2026-09-01')).toBe('2026-09-01');
    expect(filterValue('dateLastModified', 'datetime', '2026-11-20')).toBe('2026-11-20T00:00:00.000Z');
  });

  it.each([
    ['enabledUser', 'boolean', 'TRUE'],
    ['beginDate', 'date', '2026-9-1'],
    ['dateLastModified', 'datetime', 'now'],
  ] as const)('%s=%s is invalid_filter_field', (field, kind, value) => {
    expect(() => filterValue(field, kind, value)).toThrow(InvalidFilterFieldError);
  });

  it('knows real calendar days', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
  });

  it('agrees with a day built as a Date and written back, for any YYYY-MM-DD', () => {
    const viaDate = (value: string) => {
      const [y, m, d] = value.split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d)).toISOString().startsWith(value);
    };
    const digits = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
    fc.assert(
      fc.property(fc.tuple(digits(4), digits(2), digits(2)), ([y, m, d]) => {
        const value = `${y}-${m}-${d}`;
        expect(isCalendarDate(value)).toBe(viaDate(value));
      }),
      { numRuns: 20_000 },
    );
    for (const value of ['2000-02-29', '1900-02-29', '2100-02-28', '0099-12-31', '0100-01-01'])
      expect(isCalendarDate(value)).toBe(viaDate(value));
  });
});
