import { join } from 'node:path';
import { BenchDatabase, createDatabase } from './bench-database';
import { Env, ImportFigures, MeasuredRun, runCli } from './bench-processes';
import { loaderFloor } from './bench-floors';
import { megabytes, seconds } from './bench-report';

export const TENANT = 'bench';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** Writes the synthetic board with the project's seeded generator (`cli demo generate`). */
export async function generateBoard(students: number, seed: number, workDir: string): Promise<string> {
  const dir = join(workDir, `board-${students}-seed-${seed}`);
  const run = await runCli(
    ['demo', 'generate', dir, '--students', String(students), '--seed', String(seed)],
    {},
    workDir,
  );
  console.log(`generated ${students} students in ${seconds(run.seconds * 1000)} (${dir})`);
  return dir;
}

/** A fresh, empty database, disposed of (or kept, with --keep) when the run ends. */
export async function freshDatabase(
  kind: 'sqlite' | 'postgres',
  workDir: string,
  name: string,
  cleanups: (() => Promise<void>)[],
  keep: boolean,
) {
  const db = await createDatabase(kind, workDir, name);
  cleanups.push(() => db.dispose(keep));
  return db;
}

/**
 * Imports the board with the real CLI in a child process. The tenant exists already, as in a
 * deployment's nightly import: the import's time and memory include its refresh (scope,
 * usernames for every newcomer, class titles).
 */
export async function importInto(
  db: BenchDatabase,
  boardDir: string,
  workDir: string,
  label: string,
  students: number,
  args: string[] = [],
): Promise<ImportFigures> {
  return measuredImport(db, { boardDir, workDir, label, students }, `into ${db.kind}`, () =>
    runCli(['import', boardDir, ...args], databaseEnv(db), workDir),
  );
}

/** One import run by `run` (reported as `label`, then `how`), beside the database's own loader on the same files. */
export async function measuredImport(
  db: BenchDatabase,
  { boardDir, workDir, label, students }: { boardDir: string; workDir: string; label: string; students: number },
  how: string,
  run: () => Promise<MeasuredRun>,
): Promise<ImportFigures> {
  const floor = await loaderFloor(db.kind, boardDir, workDir);
  const measured = await run();
  report(`${label} ${how} (tenant refresh included)`, measured);
  console.log(`  floor: ${floor.what} ${seconds(floor.seconds * 1000)}: ${ratio(measured.seconds, floor.seconds)}`);
  return { label, students, run: measured, floor };
}

export const ratio = (ours: number, floor: number) => `${(ours / floor).toFixed(1)}× the floor`;

/** The tenant covering every org, and an SDS client. */
export async function createTenantAndClient(
  db: BenchDatabase,
  workDir: string,
  tenant = TENANT,
  orgs = ['--all-orgs'],
): Promise<Credentials> {
  const env = databaseEnv(db);
  await runCli(
    ['tenants', 'create', tenant, '--name', tenant, ...orgs, '--domain', `${tenant}.example`, '--json'],
    env,
    workDir,
  );
  const client = await runCli(['clients', 'create', '--tenant', tenant, '--json'], env, workDir);
  return JSON.parse(client.stdout) as Credentials;
}

export function databaseEnv(db: BenchDatabase): Env {
  return { DATABASE_URL: db.url, DEMO_DATA: 'false', MIGRATIONS_RUN: 'true' };
}

export function report(what: string, run: MeasuredRun): void {
  console.log(`${what} in ${seconds(run.seconds * 1000)}, peak RSS ${megabytes(run.peakRssMb)}`);
}
