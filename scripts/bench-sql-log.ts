import { existsSync, readFileSync } from 'node:fs';

/** One statement from the server's BENCH_SQL_LOG file (src/database/statement-counter.ts). */
export interface Statement {
  request: string;
  ms: number;
  sql: string;
}

export interface ShapeSummary {
  shape: string;
  count: number;
  totalMs: number;
  maxMs: number;
  example: string;
}

export function readSqlLog(file: string): Statement[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Statement);
}

/** What kind of statement this is, e.g. `COUNT users` or `SELECT enrollments [LIMIT,OFFSET]`. */
export function shapeOf(sql: string): string {
  const kind = /^SELECT COUNT\(/i.test(sql) ? 'COUNT' : (/^\s*(\w+)/.exec(sql)?.[1] ?? '?').toUpperCase();
  const table = /\bFROM "?(\w+)"?/i.exec(sql)?.[1] ?? '';
  const traits = [
    /\bIN \((…|\?|\$\d+)\)/.test(sql) && 'IN-list',
    /\bEXISTS\b/i.test(sql) && 'EXISTS',
    /\bLIMIT\b|\bFETCH NEXT\b/i.test(sql) && 'LIMIT',
    /\bOFFSET\b/i.test(sql) && 'OFFSET',
  ].filter(Boolean);
  return `${kind} ${table}${traits.length > 0 ? ` [${traits.join(',')}]` : ''}`;
}

/** Statements of the requests whose id starts with `prefix`, grouped by shape, the costliest first. */
export function summariseShapes(statements: Statement[], prefix: string): ShapeSummary[] {
  const shapes = new Map<string, ShapeSummary>();
  for (const { request, ms, sql } of statements) {
    if (!request.startsWith(prefix)) continue;
    const shape = shapeOf(sql);
    const summary = shapes.get(shape) ?? { shape, count: 0, totalMs: 0, maxMs: 0, example: sql };
    summary.count++;
    summary.totalMs += ms;
    summary.maxMs = Math.max(summary.maxMs, ms);
    shapes.set(shape, summary);
  }
  return [...shapes.values()].sort((a, b) => b.totalMs - a.totalMs);
}

/** How many statements of each request were COUNTs (X-Total-Count), which a server may cache across pages. */
export function countsByRequest(statements: Statement[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { request, sql } of statements)
    if (shapeOf(sql).startsWith('COUNT ')) counts.set(request, (counts.get(request) ?? 0) + 1);
  return counts;
}

/** Milliseconds spent in SQL per request id. */
export function sqlMsByRequest(statements: Statement[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { request, ms } of statements) totals.set(request, (totals.get(request) ?? 0) + ms);
  return totals;
}

/**
 * Statements of a request that keep the server's own tables rather than read the page: the rate limiter's counter of
 * a new window (and the pruning of old ones), the pruning of old sweep page ends. They come once a minute or so,
 * whatever page they fall on.
 */
const HOUSEKEEPING = /"rate_limit_counters"|^DELETE FROM "sweep_page_ends"/;

/** How many statements of each request were housekeeping (HOUSEKEEPING), by request. */
export function housekeepingByRequest(statements: Statement[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { request, sql } of statements)
    if (HOUSEKEEPING.test(sql)) counts.set(request, (counts.get(request) ?? 0) + 1);
  return counts;
}
