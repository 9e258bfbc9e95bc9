import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { readBaseline } from './bench-baseline';
import { writeRenameDelta } from './bench-delta';
import { BenchOptions, parseOptions } from './bench-options';
import { ImportFigures, runCli, startServer } from './bench-processes';
import { dumpFloor } from './bench-floors';
import { nodeLoadFloor, parseFloor } from './bench-node-floor';
import { CHANGED_SHARE, writeChangedBoard } from './bench-changes';
import { manyBoards } from './bench-many-boards';
import {
  megabytes,
  printBaseline,
  seconds,
  printImportPhases,
  printPageStatements,
  printShapes,
  printSweeps,
} from './bench-report';
import {
  createTenantAndClient,
  Credentials,
  databaseEnv,
  freshDatabase,
  generateBoard,
  importInto,
  ratio,
  report,
  TENANT,
} from './bench-setup';
import { readSqlLog, Statement, summariseShapes } from './bench-sql-log';
import { Api, deltaSweep, fullSweep, getToken, Sweep, sweep } from './bench-sweep';
import { ConcurrentFigures, concurrentPaging } from './bench-concurrent';
import { importTargets, printChecklist, SweepFigures, sweepTargets } from './bench-targets';
import { BenchDatabase } from './bench-database';

const SDS_PAGE_SIZE = 5000;
/** Issue 18: 20 clients paging 5,000-record pages at once, each reading four pages. */
const CONCURRENT_PAGING = { clients: 20, pagesEach: 4, limit: SDS_PAGE_SIZE };
const SMALL_PAGE_SIZE = 1000;
const CHANGED_USERS = 100;
const API_PATH = '/ims/oneroster/v1p1';

type Cleanup = () => Promise<void>;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const workDir = mkdtempSync(join(tmpdir(), 'oneroster-bench-'));
  const cleanups: Cleanup[] = [];
  console.log(`bench: ${options.students} students on ${options.db}, seed ${options.seed}, work dir ${workDir}`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, load ${loadavg()[0].toFixed(1)}`,
  );
  try {
    if (options.importScaling) await importScaling(options, workDir, cleanups);
    else if (options.manyBoards) await manyBoards(options, workDir, cleanups);
    else await fullRun(options, workDir, cleanups);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (options.keep) console.log(`\nkept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

async function fullRun(options: BenchOptions, workDir: string, cleanups: Cleanup[]): Promise<void> {
  const board = await generateBoard(options.students, options.seed, workDir);
  const db = await freshDatabase(options.db, workDir, 'board', cleanups, options.keep);
  const credentials = await createTenantAndClient(db, workDir);
  const imports = await importThreeTimes(db, board, options.students, workDir);
  printImportPhases(imports);
  if (options.importOnly) return printChecklist(importTargets(imports));
  const targets = await sweepTheApi(db, credentials, board, workDir, cleanups, options.cpuProf);
  printChecklist([...targets, ...importTargets(imports)]);
}

/** A first import, the same bundle again (nothing changed), then a bulk bundle with 1% of each file's rows edited. */
async function importThreeTimes(db: BenchDatabase, board: string, students: number, workDir: string) {
  const first = await importInto(db, board, workDir, 'first import', students);
  const node = await nodeLoadFloor(db.kind, board, workDir);
  const parsing = await parseFloor(board);
  for (const beside of [node, parsing])
    console.log(
      `  beside: ${beside.what} ${seconds(beside.seconds * 1000)}: ${ratio(beside.seconds, first.floor!.seconds)}; the first import ${(first.run.seconds / beside.seconds).toFixed(1)}× it`,
    );
  const unchanged = await importInto(db, board, workDir, 'unchanged re-import', students);
  const changedBoard = await writeChangedBoard(board, join(workDir, 'changed'), CHANGED_SHARE);
  return [first, unchanged, await importInto(db, changedBoard, workDir, '1% changed re-import', students)];
}

/** Starts the server and does what SDS does: a full sync, then a delta sync after 100 users change. */
async function sweepTheApi(
  db: BenchDatabase,
  credentials: Credentials,
  board: string,
  workDir: string,
  cleanups: Cleanup[],
  cpuProf: boolean,
) {
  const sqlLog = join(workDir, 'sql-statements.jsonl');
  const profiling = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${workDir}`] : [];
  const server = await startServer(
    { ...databaseEnv(db), BENCH_SQL_LOG: sqlLog, API_REQUESTS_PER_MINUTE: '1000000' },
    profiling,
  );
  cleanups.push(() => server.stop());
  const api = await getToken(server.baseUrl, credentials.clientId, credentials.clientSecret);
  await sweep(api, 'warm-up', 'orgs', { limit: '1' });
  server.resetPeakRss();
  const full = await fullSweep(api, 'full', SDS_PAGE_SIZE);
  const serverPeakMb = server.peakRssMb();
  const otherPageSize = await sweep(api, `limit-${SMALL_PAGE_SIZE}`, 'users', {
    limit: String(SMALL_PAGE_SIZE),
    filter: "status='active'",
  });
  const baseline = await readBaseline(db, TENANT, `${server.baseUrl}${API_PATH}`, SDS_PAGE_SIZE);
  const dump = await dumpFloor(db);
  printFullSweep({ full, otherPageSize, baseline, serverPeakMb, dump }, readSqlLog(sqlLog));
  const delta = await changeUsersThenSweep(api, db, board, workDir);
  const statements = readSqlLog(sqlLog);
  printSweeps(
    `Delta sweep after ${CHANGED_USERS} renamed users: filter=dateLastModified>'<before the change>'`,
    delta,
    statements,
  );
  printShapes('Delta sweep SQL by statement shape', summariseShapes(statements, 'delta/'));
  const concurrent = await concurrentPaging(api, server, full, CONCURRENT_PAGING);
  printConcurrent(concurrent);
  await printAccessLogCost(api, db, cleanups);
  return sweepTargets({ full, delta, baseline, otherPageSize, serverPeakMb, dump, concurrent }, statements);
}

function printConcurrent(c: ConcurrentFigures): void {
  console.log(
    `\n${c.clients} clients at once, ${c.pages} pages of ${c.limit} (/users and /enrollments): ${c.seconds.toFixed(2)} s, ` +
      `page p50 ${c.p50.toFixed(0)} ms, p99 ${c.p99.toFixed(0)} ms, server peak RSS ${megabytes(c.serverPeakMb)}`,
  );
}

/**
 * What the access log costs a sweep: a warm full sweep with it, then one on a second server without it
 * (BENCH_ACCESS_LOG=off), after the same warm-up.
 */
async function printAccessLogCost(api: Api, db: BenchDatabase, cleanups: Cleanup[]) {
  const seconds = (sweeps: Sweep[]) => sweeps.reduce((sum, s) => sum + s.ms, 0) / 1000;
  const logged = seconds(await fullSweep(api, 'logged', SDS_PAGE_SIZE));
  const server = await startServer({ ...databaseEnv(db), BENCH_ACCESS_LOG: 'off', API_REQUESTS_PER_MINUTE: '1000000' });
  cleanups.push(() => server.stop());
  const unlogged = { ...api, baseUrl: server.baseUrl }; // a signed token holds on every instance
  await sweep(unlogged, 'warm-up', 'orgs', { limit: '1' });
  const without = seconds(await fullSweep(unlogged, 'unlogged', SDS_PAGE_SIZE));
  const change = ((logged - without) / without) * 100;
  console.log(
    `\naccess log: warm full sweep ${logged.toFixed(2)} s with it, ${without.toFixed(2)} s without (${change >= 0 ? '+' : ''}${change.toFixed(1)}%)`,
  );
}

/** Renames 100 users through the real importer (a delta bundle), then syncs what changed since just before. */
async function changeUsersThenSweep(api: Api, db: BenchDatabase, board: string, workDir: string): Promise<Sweep[]> {
  const since = new Date().toISOString();
  writeRenameDelta(board, join(workDir, 'delta'), CHANGED_USERS);
  report(
    `\ndelta import (${CHANGED_USERS} renamed users)`,
    await runCli(['import', join(workDir, 'delta')], databaseEnv(db), workDir),
  );
  return deltaSweep(api, since);
}

function printFullSweep(f: Omit<SweepFigures, 'delta' | 'concurrent'>, statements: Statement[]): void {
  printSweeps(`Full sweep: limit=${SDS_PAGE_SIZE}&filter=status='active'`, f.full, statements);
  printSweeps(`Same at limit=${SMALL_PAGE_SIZE}`, [f.otherPageSize], statements);
  printBaseline(f.baseline, f.full);
  const sweepMs = f.full.reduce((sum, s) => sum + s.ms, 0);
  console.log(
    `\nraw dump floor: ${f.dump.what} ${seconds(f.dump.seconds * 1000)}; the full sweep ${seconds(sweepMs)}: ${ratio(sweepMs / 1000, f.dump.seconds)}`,
  );
  console.log(`\nserver peak RSS during the full sweep: ${megabytes(f.serverPeakMb)}`);
  const enrollments = f.full.find((s) => s.collection === 'enrollments')!;
  console.log(`\n/enrollments page times by offset (ms): ${enrollments.pages.map((p) => p.ms.toFixed(0)).join(' ')}`);
  printPageStatements('First /enrollments page', enrollments, enrollments.pages[0], statements);
  printPageStatements('Last /enrollments page', enrollments, enrollments.pages.at(-1)!, statements);
  printShapes(
    'Full sweep SQL by statement shape (server-side ms, costliest first)',
    summariseShapes(statements, 'full/'),
  );
}

/** Imports N and 4×N students into fresh databases: is the import linear, and how much memory at 4×N? */
async function importScaling(options: BenchOptions, workDir: string, cleanups: Cleanup[]): Promise<void> {
  const imports: ImportFigures[] = [];
  for (const students of [options.students, options.students * 4]) {
    const board = await generateBoard(students, options.seed, workDir);
    const db = await freshDatabase(options.db, workDir, `board-${students}`, cleanups, options.keep);
    await createTenantAndClient(db, workDir);
    imports.push(await importInto(db, board, workDir, `N=${students}`, students));
  }
  printImportPhases(imports);
  printChecklist(importTargets(imports, true));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
