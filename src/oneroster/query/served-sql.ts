/**
 * SQL pieces for served values. Timestamps are ISO strings of one fixed width (see
 * RosteringRecord.dateLastModified), so string order is time order in every dialect.
 */

import { Ordering, ServedValue } from './resource';

/**
 * The later of `base` (never NULL) and each candidate, skipping candidates that are NULL. A bound
 * parameter (`:name`) is never NULL here and is compared bare: PostgreSQL cannot type `$1 IS NULL`.
 *
 * Compared with a value, the latest is later than it when any term is, earlier when every term
 * is: written that way, `base > :since` can use base's index, and a parameter's own comparison
 * folds to true or false before the database plans the query.
 */
export function latestOf(base: string, ...candidates: string[]): ServedValue {
  if (candidates.length === 0) return base;
  const sql = candidates.reduce((latest, candidate) => {
    const isLater = candidate.startsWith(':') ? `${candidate} > ${latest}` : `${candidate} IS NOT NULL AND ${candidate} > ${latest}`;
    return `CASE WHEN ${isLater} THEN ${candidate} ELSE ${latest} END`;
  }, base);
  return { sql, compare: (operator, value) => compareLatest([base, ...candidates], operator, value) };
}

function compareLatest(terms: string[], operator: Ordering, value: string): string {
  const later = operator === '>' || operator === '>=';
  const compared = terms.map((term, i) => {
    const comparison = `${term} ${operator} ${value}`;
    if (i === 0 || term.startsWith(':')) return comparison;
    return later ? `(${term} IS NOT NULL AND ${comparison})` : `(${term} IS NULL OR ${comparison})`;
  });
  return compared.join(later ? ' OR ' : ' AND ');
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
