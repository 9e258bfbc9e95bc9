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

/** Groups relation rows by owner, preserving their order. */
export function groupBy<T>(rows: T[], ownerOf: (row: T) => string, valueOf: (row: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const owner = ownerOf(row);
    const list = groups.get(owner);
    if (list) list.push(valueOf(row));
    else groups.set(owner, [valueOf(row)]);
  }
  return groups;
}
