/**
 * SQL pieces for served values. Timestamps are ISO strings of one fixed width (see
 * RosteringRecord.dateLastModified), so string order is time order in every dialect.
 */

/**
 * The later of `base` (never NULL) and each candidate, skipping candidates that are NULL. A bound
 * parameter (`:name`) is never NULL here and is compared bare: PostgreSQL cannot type `$1 IS NULL`.
 */
export function latestOf(base: string, ...candidates: string[]): string {
  return candidates.reduce((latest, candidate) => {
    const isLater = candidate.startsWith(':') ? `${candidate} > ${latest}` : `${candidate} IS NOT NULL AND ${candidate} > ${latest}`;
    return `CASE WHEN ${isLater} THEN ${candidate} ELSE ${latest} END`;
  }, base);
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
