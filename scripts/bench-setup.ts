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
  const run = await runCli(['demo', 'generate', dir, '--students', String(students), '--seed', String(seed)], {}, workDir);
  console.log(`generated ${students} students in ${seconds(run.seconds * 1000)} (${dir})`);
  return dir;
}

/** A fresh database with the board imported by the real CLI import in a child process. */
export async function importBoard(kind: 'sqlite' | 'postgres', boardDir: string, workDir: string, name: string) {
  const db = await createDatabase(kind, workDir, name);
  try {
    const run = await runCli(['import', boardDir], databaseEnv(db), workDir);
    report(`imported into ${kind}`, run);
    return { db, run };
  } catch (error) {
    await db.dispose();
    throw error;
  }
}

/** The tenant covering every org (scope and usernames are computed here) and an SDS client. */
export async function createTenantAndClient(db: BenchDatabase, workDir: string): Promise<Credentials> {
  const env = databaseEnv(db);
  const tenant = await runCli(['tenants', 'create', TENANT, '--name', 'Bench', '--all-orgs', '--domain', 'bench.example', '--json'], env, workDir);
  report('tenant created (scope and usernames)', tenant);
  const client = await runCli(['clients', 'create', '--tenant', TENANT, '--json'], env, workDir);
  return JSON.parse(client.stdout) as Credentials;
}

export function databaseEnv(db: BenchDatabase): Env {
  return { DATABASE_URL: db.url, DEMO_DATA: 'false' };
}

export function report(what: string, run: MeasuredRun): void {
  console.log(`${what} in ${seconds(run.seconds * 1000)}, peak RSS ${megabytes(run.peakRssMb)}`);
}
