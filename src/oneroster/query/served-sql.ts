/**
 * SQL pieces for served values. Timestamps are ISO strings of one fixed width (see
 * RosteringRecord.dateLastModified), so string order is time order in every dialect.
 */

import { Ordering, ServedValue } from './resource';

/** A bound parameter (`:name`, set on the query) whose value is known as the query is built. */
export interface KnownInstant {
  readonly parameter: string;
  readonly value: string;
}

/** A candidate of latestOf: an SQL expression that may be NULL, or a known instant. */
export type LatestCandidate = string | KnownInstant;

/**
 * The later of `base` (never NULL) and each candidate, skipping candidates that are NULL. A known
 * instant is compared bare: PostgreSQL cannot type `$1 IS NULL`.
 *
 * Compared with a value, the latest is later than it when any term is, earlier when every term
 * is. Written that way, `base > :since` can use base's index, and a known instant's own
 * comparison is decided here, before any database plans the query.
 */
export function latestOf(base: string, ...candidates: LatestCandidate[]): ServedValue {
  if (candidates.length === 0) return base;
  const sql = candidates.reduce<string>((latest, candidate) => {
    const term = typeof candidate === 'string' ? candidate : `:${candidate.parameter}`;
    const isLater =
      typeof candidate === 'string' ? `${term} IS NOT NULL AND ${term} > ${latest}` : `${term} > ${latest}`;
    return `CASE WHEN ${isLater} THEN ${term} ELSE ${latest} END`;
  }, base);
  return {
    sql,
    compare: (operator, placeholder, value) => compareLatest(base, candidates, { operator, placeholder, value }),
  };
}

interface Comparison {
  operator: Ordering;
  /** The bound filter value, `:name`. */
  placeholder: string;
  value: string;
}

function compareLatest(
  base: string,
  candidates: LatestCandidate[],
  { operator, placeholder, value }: Comparison,
): string {
  const later = operator === '>' || operator === '>=';
  const terms = [`${base} ${operator} ${placeholder}`];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') {
      // Later than: one known instant that is decides it; earlier than: one that is not decides it.
      if (holds(candidate.value, operator, value) === later) return later ? '1 = 1' : '1 = 0';
      continue;
    }
    const comparison = `${candidate} ${operator} ${placeholder}`;
    terms.push(later ? `(${candidate} IS NOT NULL AND ${comparison})` : `(${candidate} IS NULL OR ${comparison})`);
  }
  return terms.join(later ? ' OR ' : ' AND ');
}

/** Fixed-width ISO instants order as strings. */
function holds(instant: string, operator: Ordering, value: string): boolean {
  switch (operator) {
    case '>':
      return instant > value;
    case '>=':
      return instant >= value;
    case '<':
      return instant < value;
    case '<=':
      return instant <= value;
  }
}

const TIME_SUFFIX = /^T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * `date || suffix` as a timestamp. The suffix is written into the SQL, not bound: PostgreSQL cannot
 * type a bound parameter inside CONCAT. It comes from dayStartSuffix() and is checked here.
 */
export function dateAtSuffix(dateColumn: string, suffix: string): string {
  if (!TIME_SUFFIX.test(suffix)) throw new Error(`not a time suffix: ${suffix}`);
  return `CONCAT(${dateColumn}, '${suffix}')`;
}
