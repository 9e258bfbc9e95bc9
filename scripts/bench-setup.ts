import { join } from 'node:path';
import { BenchDatabase, createDatabase } from './bench-database';
import { Env, MeasuredRun, runCli } from './bench-processes';
import { megabytes, seconds } from './bench-report';

export const TENANT = 'bench';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** Writes the synthetic board with the project's seeded generator (`cli demo generate`). */
export async function generateBoard(students: number, seed: number, workDir: string): Promise<string> {
  const dir = join(workDir, `board-${students}`);
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
export async function importInto(db: BenchDatabase, boardDir: string, workDir: string): Promise<MeasuredRun> {
  const run = await runCli(['import', boardDir], databaseEnv(db), workDir);
  report(`imported into ${db.kind} (tenant refresh included)`, run);
  return run;
}

/** The tenant covering every org, and an SDS client. */
export async function createTenantAndClient(db: BenchDatabase, workDir: string): Promise<Credentials> {
  const env = databaseEnv(db);
  await runCli(
    ['tenants', 'create', TENANT, '--name', 'Bench', '--all-orgs', '--domain', 'bench.example', '--json'],
    env,
    workDir,
  );
  const client = await runCli(['clients', 'create', '--tenant', TENANT, '--json'], env, workDir);
  return JSON.parse(client.stdout) as Credentials;
}

export function databaseEnv(db: BenchDatabase): Env {
  return { DATABASE_URL: db.url, DEMO_DATA: 'false', MIGRATIONS_RUN: 'true' };
}

export function report(what: string, run: MeasuredRun): void {
  console.log(`${what} in ${seconds(run.seconds * 1000)}, peak RSS ${megabytes(run.peakRssMb)}`);
}
