import { InvalidFilterFieldError } from '../errors/oneroster.errors';
import { FieldKind } from './resource';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DD` that names a real calendar day (proleptic Gregorian) of the year 0100 or later: JavaScript's Date reads
 * years below 100 as 19xx. Counted, not built as a Date: an import checks every row's dates.
 */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [+match[1], +match[2], +match[3]];
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0);
}

/**
 * An ISO 8601 date or date-time as the fixed-width UTC string we store
 * (`YYYY-MM-DDTHH:mm:ss.SSSZ`); no zone means UTC (docs/api.md, dates). Null when invalid.
 */
export function toStoredInstant(value: string): string | null {
  const match = ISO_DATETIME.exec(value.trim());
  if (!match || !isCalendarDate(`${match[1]}-${match[2]}-${match[3]}`)) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = match;
  if (+h > 23 || +mi > 59 || +s > 59) return null;
  const millis = (fraction.slice(1) + '000').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${offset}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** Converts a filter value to what the column holds, or explains why it cannot. */
export function filterValue(field: string, kind: FieldKind, value: string): string | boolean {
  switch (kind) {
    case 'string':
      return value;
    case 'date':
      if (!isCalendarDate(value))
        throw new InvalidFilterFieldError(`filter: ${field} takes a date YYYY-MM-DD, got '${value}'`);
      return value;
    case 'datetime': {
      const instant = toStoredInstant(value);
      if (!instant) {
        throw new InvalidFilterFieldError(
          `filter: ${field} takes an ISO 8601 date-time such as 2026-11-20T06:00:00.000Z, got '${value}'`,
        );
      }
      return instant;
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') {
        throw new InvalidFilterFieldError(`filter: ${field} takes 'true' or 'false', got '${value}'`);
      }
      return value === 'true';
  }
}
