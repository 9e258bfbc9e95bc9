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

/**
 * An SQL expression that may be NULL, whose values are known to be at most `atMost`: a comparison that no value up to
 * it could change is left out of the SQL, so that a delta filter still walks the stored column's index.
 */
export interface BoundedColumn {
  readonly column: string;
  readonly atMost: string;
}

/** A candidate of latestOf: an SQL expression that may be NULL, a bounded one, or a known instant. */
export type LatestCandidate = string | BoundedColumn | KnownInstant;

const isKnown = (candidate: LatestCandidate): candidate is KnownInstant => 'parameter' in Object(candidate);
const columnOf = (candidate: string | BoundedColumn) => (typeof candidate === 'string' ? candidate : candidate.column);

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
    const term = isKnown(candidate) ? `:${candidate.parameter}` : columnOf(candidate);
    const isLater = isKnown(candidate) ? `${term} > ${latest}` : `${term} IS NOT NULL AND ${term} > ${latest}`;
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
    if (isKnown(candidate)) {
      // Later than: one known instant that is decides it; earlier than: one that is not decides it.
      if (holds(candidate.value, operator, value) === later) return later ? '1 = 1' : '1 = 0';
      continue;
    }
    // Later than: no value up to the bound is; earlier than: every one is. Either way the term changes nothing.
    if (typeof candidate !== 'string' && holds(candidate.atMost, operator, value) !== later) continue;
    const comparison = `${columnOf(candidate)} ${operator} ${placeholder}`;
    const column = columnOf(candidate);
    terms.push(later ? `(${column} IS NOT NULL AND ${comparison})` : `(${column} IS NULL OR ${comparison})`);
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
