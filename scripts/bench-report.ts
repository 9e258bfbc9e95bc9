import { BaselineRead } from './bench-baseline';
import { countsByRequest, ShapeSummary, Statement, sqlMsByRequest } from './bench-sql-log';
import { Page, Sweep } from './bench-sweep';
import type { ImportFigures } from './bench-processes';
import { parsePhaseLine } from '../src/logging/phase-timer';

type Cell = string | number;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(0)} ms`;
export const megabytes = (mb: number) => `${mb.toFixed(0)} MB`;

/** Prints rows as an aligned text table under a title. */
export function printTable(title: string, rows: Record<string, Cell>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return console.log('  (none)');
  const columns = Object.keys(rows[0]);
  const width = (c: string) => Math.max(c.length, ...rows.map((row) => String(row[c]).length));
  const line = (cells: (c: string) => string) => `  ${columns.map(cells).join('  ')}`;
  console.log(line((c) => c.padEnd(width(c))));
  for (const row of rows)
    console.log(
      line((c) => (typeof row[c] === 'number' ? String(row[c]).padStart(width(c)) : String(row[c]).padEnd(width(c)))),
    );
}

/** One line per collection: what the issue asks to print for each sweep. */
export function printSweeps(title: string, sweeps: Sweep[], statements: Statement[]): void {
  const [sqlMs, counts] = [sqlMsByRequest(statements), countsByRequest(statements)];
  printTable(
    title,
    sweeps.map((s) => {
      const inSql = s.pages.reduce((sum, p) => sum + (sqlMs.get(requestId(s, p)) ?? 0), 0);
      return {
        collection: s.collection,
        records: s.records,
        pages: s.pages.length,
        wall: seconds(s.ms),
        'records/s': Math.round(s.records / (s.ms / 1000)),
        'first page': millis(s.pages[0].ms),
        'last page': millis(s.pages.at(-1)!.ms),
        'SQL stmts/page': range(s.pages.map((p) => p.statements)),
        'pages with COUNT': s.pages.filter((p) => counts.has(requestId(s, p))).length,
        'SQL ms / wall': `${Math.round((100 * inSql) / s.ms)}%`,
      };
    }),
  );
  const [total, parsing] = [sweeps.reduce((sum, s) => sum + s.ms, 0), sweeps.reduce((sum, s) => sum + s.parseMs, 0)];
  console.log(
    `  total: ${sweeps.reduce((sum, s) => sum + s.records, 0)} records in ${seconds(total)} ` +
      `(wall time less the client's JSON.parse of the pages, ${seconds(parsing)})`,
  );
}

/** The statements of one page, with their times: where a slow page spends its time. */
export function printPageStatements(title: string, sweep: Sweep, page: Page, statements: Statement[]): void {
  const id = requestId(sweep, page);
  const own = statements.filter((s) => s.request === id);
  printTable(
    `${title}: offset ${page.offset}, ${page.records} records, ${millis(page.ms)}`,
    own.map((s) => ({ ms: s.ms, sql: s.sql.slice(0, 140) })),
  );
}

export function printShapes(title: string, shapes: ShapeSummary[]): void {
  printTable(
    title,
    shapes.map((s) => ({
      shape: s.shape,
      count: s.count,
      'total ms': s.totalMs,
      'avg ms': (s.totalMs / s.count).toFixed(1),
      'max ms': s.maxMs,
    })),
  );
}

export function printBaseline(reads: BaselineRead[], sweeps: Sweep[]): void {
  printTable(
    'Baseline: one query per collection with the same driver, JSON.stringify in pages, no HTTP/framework',
    reads.map((r) => {
      const api = sweeps.find((s) => s.collection === r.collection)!;
      return {
        collection: r.collection,
        records: r.records,
        'API records': api.records,
        query: millis(r.queryMs),
        total: millis(r.ms),
        'API / baseline': `${(api.ms / r.ms).toFixed(1)}×`,
      };
    }),
  );
}

export function requestId(sweep: Sweep, page: Page): string {
  return `${sweep.label}/${sweep.collection}/${page.offset}`;
}

function range(values: number[]): string {
  const [min, max] = [Math.min(...values), Math.max(...values)];
  return min === max ? String(min) : `${min}–${max}`;
}

/** The import's time by phase, one column per board size (and their ratio for two): which phase grows faster than the data. */
export function printImportPhases(imports: ImportFigures[]): void {
  const phases = imports.map((i) => parsePhaseLine(i.run.stdout));
  const names = [...new Set(phases.flatMap((p) => Object.keys(p)))];
  printTable(
    'Import time by phase',
    names.map((name) => {
      const row: Record<string, Cell> = { phase: name };
      imports.forEach((i, at) => (row[i.label] = seconds((phases[at][name] ?? 0) * 1000)));
      if (imports.length === 2) row.ratio = `${((phases[1][name] ?? 0) / (phases[0][name] || Number.NaN)).toFixed(1)}×`;
      return row;
    }),
  );
}
