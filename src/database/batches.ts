/**
 * SQL Server refuses statements with more than 2100 parameters; every IN list and multi-row
 * insert is cut into chunks of at most this many values (with room for a few others).
 */
export const MAX_PARAMETERS_PER_STATEMENT = 2000;

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size = MAX_PARAMETERS_PER_STATEMENT): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Runs `load` on each chunk of `ids` and concatenates the results, in order. */
export async function loadInChunks<T>(ids: readonly string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const results: T[] = [];
  for (const chunk of chunks(ids)) results.push(...(await load(chunk)));
  return results;
}

/** How many rows one multi-row INSERT of a table with `columns` columns may carry. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(Math.min(MAX_PARAMETERS_PER_STATEMENT, 500) / columns));
}
