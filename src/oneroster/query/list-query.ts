import { InvalidDataError } from '../errors/oneroster.errors';

export type SortOrder = 'asc' | 'desc';

/** The validated collection query parameters of the OneRoster 1.1 REST binding (docs/api.md). */
export interface ListQuery {
  readonly limit: number;
  readonly offset: number;
  readonly filter?: string;
  readonly sort?: string;
  readonly orderBy: SortOrder;
  readonly fields?: readonly string[];
}

/** The query parameters a Link header repeats, in the order it repeats them. */
export const KEPT_PARAMETERS = ['filter', 'sort', 'orderBy', 'fields'] as const;

export const DEFAULT_LIMIT = 100; // OneRoster 1.1 REST binding, paging

type RawQuery = Record<string, unknown>;

function single(raw: RawQuery, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidDataError(`${name} must be given once, as a single value`);
  return value;
}

function wholeNumber(raw: RawQuery, name: string, fallback: number, minimum: number): number {
  const value = single(raw, name);
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value.trim())) throw new InvalidDataError(`${name} must be a whole number, got "${value}"`);
  const number = Number(value.trim());
  if (!Number.isSafeInteger(number) || number < minimum) {
    throw new InvalidDataError(`${name} must be a whole number of at least ${minimum}, got "${value}"`);
  }
  return number;
}

/**
 * Reads limit, offset, filter, sort, orderBy and fields from a request's query string.
 * A limit above `maxPageSize` is lowered to it; X-Total-Count and the Link header still lead a
 * client through every record (docs/api.md, paging).
 */
export function parseListQuery(raw: RawQuery, maxPageSize: number): ListQuery {
  const limit = Math.min(wholeNumber(raw, 'limit', DEFAULT_LIMIT, 1), maxPageSize);
  const offset = wholeNumber(raw, 'offset', 0, 0);
  const orderBy = (single(raw, 'orderBy') ?? 'asc').trim() || 'asc';
  if (orderBy !== 'asc' && orderBy !== 'desc')
    throw new InvalidDataError(`orderBy must be asc or desc, got "${orderBy}"`);
  const filter = single(raw, 'filter')?.trim() || undefined;
  const sort = single(raw, 'sort')?.trim() || undefined;
  return { limit, offset, filter, sort, orderBy, fields: parseFields(raw) };
}

/** Reads `fields` alone: single-object GETs take only this parameter. */
export function parseFields(raw: RawQuery): readonly string[] | undefined {
  const value = single(raw, 'fields');
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
