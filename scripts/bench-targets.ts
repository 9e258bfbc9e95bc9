import { BaselineRead } from './bench-baseline';
import { megabytes, requestId, seconds } from './bench-report';
import { countsByRequest, housekeepingByRequest, Statement } from './bench-sql-log';
import { ImportFigures } from './bench-processes';
import { Sweep } from './bench-sweep';
import type { Floor } from './bench-floors';
import type { ConcurrentFigures } from './bench-concurrent';

/** One of issue 6's targets; `pass` is undefined when this run cannot tell. */
export interface Target {
  target: string;
  measured: string;
  pass?: boolean;
}

export interface SweepFigures {
  full: Sweep[];
  delta: Sweep[];
  baseline: BaselineRead[];
  /** The same collection as one of `full`, swept at another page size. */
  otherPageSize: Sweep;
  serverPeakMb: number;
  /** The database's own JSON dump of every table the sweep reads, measured just after it. */
  dump: Floor;
  concurrent: ConcurrentFigures;
}

const totalMs = (items: { ms: number }[]) => items.reduce((sum, item) => sum + item.ms, 0);

/**
 * The most statements a page of the sweep ran besides its COUNT (which the server may cache) and the server's
 * housekeeping (a new rate-limit window, pruning), which a page meets once a minute whatever its size.
 */
function rowStatements(sweep: Sweep, counts: Map<string, number>[]): number {
  const besides = (id: string) => counts.reduce((sum, count) => sum + (count.get(id) ?? 0), 0);
  return Math.max(...sweep.pages.map((page) => page.statements - besides(requestId(sweep, page))));
}

export function sweepTargets(f: SweepFigures, statements: Statement[]): Target[] {
  const besides = [countsByRequest(statements), housekeepingByRequest(statements)];
  const perPage = (sweep: Sweep) => rowStatements(sweep, besides);
  const [full, baseline, delta] = [totalMs(f.full), totalMs(f.baseline), totalMs(f.delta)];
  const enrollments = f.full.find((s) => s.collection === 'enrollments')!;
  // A short final page would flatter the comparison: take the last full one.
  const last = enrollments.pages.filter((p) => p.records === enrollments.limit).at(-1) ?? enrollments.pages.at(-1)!;
  const first = enrollments.pages[0];
  const same = f.full.find((s) => s.collection === f.otherPageSize.collection)!;
  const [big, small] = [perPage(same), perPage(f.otherPageSize)];
  return [
    {
      target: 'full sweep ≤ 2× baseline',
      measured: `${seconds(full)} vs ${seconds(baseline)} = ${(full / baseline).toFixed(1)}×`,
      pass: full <= 2 * baseline,
    },
    {
      target: 'full sweep ≤ 3× raw JSON dump',
      measured: `${seconds(full)} vs ${seconds(f.dump.seconds * 1000)} (${f.dump.what}) = ${(full / 1000 / f.dump.seconds).toFixed(1)}×`,
      pass: full / 1000 <= 3 * f.dump.seconds,
    },
    {
      target: 'last full /enrollments page ≤ 1.5× first',
      measured: `offset ${last.offset}: ${last.ms.toFixed(0)} ms vs ${first.ms.toFixed(0)} ms = ${(last.ms / first.ms).toFixed(1)}× (median page ${median(enrollments.pages.map((p) => p.ms)).toFixed(0)} ms)`,
      pass: last.ms <= 1.5 * first.ms,
    },
    {
      target: 'delta sweep ≤ 5% of full sweep',
      measured: `${seconds(delta)} = ${((100 * delta) / full).toFixed(1)}%`,
      pass: delta <= 0.05 * full,
    },
    {
      target: 'fixed SQL statements per page',
      measured: `besides COUNT and housekeeping, /${same.collection}: ${big} at limit=${same.limit}, ${small} at limit=${f.otherPageSize.limit}; each collection: ${f.full.map(perPage).join('/')}`,
      pass: big === small,
    },
    { target: 'server peak RSS < 300 MB (sweep)', measured: megabytes(f.serverPeakMb), pass: f.serverPeakMb < 300 },
    {
      target: `server peak RSS < 300 MB (${f.concurrent.clients} clients)`,
      measured: `${megabytes(f.concurrent.serverPeakMb)}, ${f.concurrent.clients} clients × ${f.concurrent.pages / f.concurrent.clients} pages of ${f.concurrent.limit}, page p99 ${f.concurrent.p99.toFixed(0)} ms`,
      pass: f.concurrent.serverPeakMb < 300,
    },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** An import's wall time at most this many times its database's own CSV loader on the same files (issue 18). */
const LOADER_FLOOR_TARGETS: Record<string, number> = {
  'first import': 5,
  'unchanged re-import': 2,
  '1% changed re-import': 3,
};

/** Each import against its loader floor, peak RSS under 400 MB at 200,000 students, and (two sizes) linear time. */
export function importTargets(imports: ImportFigures[], scaling = false): Target[] {
  // The largest board's import that took the most memory: a re-import holds what a first import does not (the stored
  // records' line hashes).
  const students = Math.max(...imports.map((i) => i.students));
  const largest = imports
    .filter((i) => i.students === students)
    .reduce((a, b) => (b.run.peakRssMb > a.run.peakRssMb ? b : a));
  const targets: Target[] = imports
    .filter((i) => i.floor && LOADER_FLOOR_TARGETS[i.label])
    .map((i) => ({
      target: `${i.label} ≤ ${LOADER_FLOOR_TARGETS[i.label]}× loader floor`,
      measured: `${seconds(i.run.seconds * 1000)} vs ${seconds(i.floor!.seconds * 1000)} = ${(i.run.seconds / i.floor!.seconds).toFixed(1)}×`,
      pass: i.run.seconds <= LOADER_FLOOR_TARGETS[i.label] * i.floor!.seconds,
    }));
  targets.push({
    target: 'import peak RSS < 400 MB at N=200,000',
    measured: `${megabytes(largest.run.peakRssMb)} at N=${largest.students} (${largest.label})`,
    pass: largest.students >= 200_000 ? largest.run.peakRssMb < 400 : undefined,
  });
  if (!scaling) return targets;
  const [small, large] = imports;
  const ratio = large.run.seconds / small.run.seconds;
  return [
    ...targets,
    {
      target: `import time at N=${large.students} ≤ 5× N=${small.students}`,
      measured: `${seconds(large.run.seconds * 1000)} vs ${seconds(small.run.seconds * 1000)} = ${ratio.toFixed(1)}×`,
      pass: ratio <= 5,
    },
  ];
}

export function printChecklist(targets: Target[]): void {
  console.log('\nTargets (issues 6 and 18)');
  for (const t of targets)
    console.log(`  ${t.pass === undefined ? ' n/a' : t.pass ? 'PASS' : 'FAIL'}  ${t.target.padEnd(42)} ${t.measured}`);
}
