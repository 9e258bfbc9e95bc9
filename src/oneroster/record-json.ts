import { RosteringRecord } from '../database/rostering-record';

/** The fields every OneRoster JSON record starts with (spec-notes §1.3). */
export function commonJson(row: RosteringRecord) {
  return {
    sourcedId: row.sourcedId,
    status: row.status,
    dateLastModified: row.dateLastModified,
    ...(row.metadata && Object.keys(row.metadata).length > 0 ? { metadata: row.metadata } : {}),
  };
}

/** Optional scalar fields are left out when they hold no value. */
export function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Groups rows by key (relation rows by owner), preserving their order; each row as `valueOf` gives it, else itself. */
export function groupBy<T, V = T>(rows: readonly T[], keyOf: (row: T) => string, valueOf: (row: T) => V = (row) => row as unknown as V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(valueOf(row));
    else groups.set(key, [valueOf(row)]);
  }
  return groups;
}
