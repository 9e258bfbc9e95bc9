import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDatabaseUrl } from '../../src/config/database-url';

/**
 * .github/workflows/ci.yml is for forks on GitHub Actions and never runs on the project's machines, so it is checked
 * by reading: three legs (SQLite, PostgreSQL 16, SQL Server 2022), each with its own database service and
 * TEST_DATABASE_URL, and the same commands as .ci/run.
 */

const ROOT = join(__dirname, '..', '..');
const workflowText = readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
  run?: string;
  env?: Record<string, string>;
}
interface ServiceContainer {
  image: string;
  env?: Record<string, string>;
  ports?: string[];
  options?: string;
}
type Leg = Record<string, string>;
interface Job {
  strategy: { matrix: { include: Leg[] } };
  services: Record<string, ServiceContainer>;
  steps: Step[];
}

const workflow = parse(workflowText) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const job = Object.values(workflow.jobs)[0];
const legs = job.strategy.matrix.include;
const leg = (database: string) => legs.find((l) => l.database === database)!;

/** `${{ matrix.x }}` and `${{ x == 'y' }}`-style expressions, evaluated for one leg (only what ci.yml uses). */
function evaluate(text: string, matrix: Leg): string {
  return text.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, key: string) => matrix[key] ?? '');
}
function condition(expression: string | undefined, matrix: Leg): boolean {
  if (expression === undefined) return true;
  const m = /^matrix\.([\w-]+) (==|!=) '([^']*)'$/.exec(expression.trim());
  if (!m) throw new Error(`ci.yml: an if: this spec cannot evaluate: ${expression}`);
  return (matrix[m[1]] === m[3]) === (m[2] === '==');
}

/** The services a leg starts (an empty image starts none) and the commands and env of the steps it runs. */
function runOf(matrix: Leg) {
  const services = Object.fromEntries(
    Object.entries(job.services)
      .map(([name, s]) => [name, { ...s, image: evaluate(s.image, matrix) }] as const)
      .filter(([, s]) => s.image !== ''),
  );
  const steps = job.steps
    .filter((step) => condition(step.if, matrix))
    .map((step) => ({
      ...step,
      env: Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, matrix)])),
    }));
  const commands = steps.flatMap((s) => (s.run ?? '').split('\n').map((line) => line.trim())).filter(Boolean);
  return { services, steps, commands };
}

describe('.github/workflows/ci.yml', () => {
  it('says at the top that it was not run on the project’s machines', () => {
    const header = workflowText.split('\n').filter((line) => line.startsWith('#'));
    expect(header.join('\n')).toMatch(/UNTESTED HERE/);
    expect(header.join('\n')).toMatch(/GitHub Actions/);
  });

  it('runs on push and pull_request', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
  });

  it('has three legs: SQLite, PostgreSQL and SQL Server, each with its own database service only', () => {
    expect(legs.map((l) => l.database).sort()).toEqual(['mssql', 'postgres', 'sqlite']);
    const images = (database: string) => Object.values(runOf(leg(database)).services).map((s) => s.image);
    expect(images('sqlite')).toEqual([]);
    expect(images('postgres')).toEqual(['postgres:16']);
    expect(images('mssql')).toEqual(['mcr.microsoft.com/mssql/server:2022-latest']);
  });

  it('runs the whole suite on SQLite, with no TEST_DATABASE_URL, and lints there once', () => {
    const run = runOf(leg('sqlite'));
    expect(run.commands).toEqual(expect.arrayContaining(['npm test', 'npm run lint']));
    expect(run.steps.some((s) => 'TEST_DATABASE_URL' in s.env)).toBe(false);
    for (const database of ['postgres', 'mssql']) expect(runOf(leg(database)).commands).not.toContain('npm run lint');
  });

  it('runs the end-to-end tests on each server with a TEST_DATABASE_URL pointing at its service', () => {
    const expected = {
      postgres: 'postgres://postgres@127.0.0.1:5432/postgres',
      mssql: /^mssql:\/\/sa:[^@]+@127\.0\.0\.1:1433\/master\?encrypt=false$/,
    };
    for (const [database, url] of Object.entries(expected)) {
      const run = runOf(leg(database));
      const step = run.steps.find((s) => s.run?.trim() === 'npx vitest run test/e2e');
      expect(step, database).toBeDefined();
      const testUrl = step!.env.TEST_DATABASE_URL;
      expect(testUrl, database).toMatch(url);
      const db = parseDatabaseUrl(testUrl);
      expect(db.type).toBe(database);
      // The service publishes the port the URL names.
      const [service] = Object.values(run.services);
      expect(service.ports, database).toContain(`${db.port}:${db.port}`);
    }
    expect(existsSync(join(ROOT, 'test', 'e2e'))).toBe(true);
  });

  it('starts PostgreSQL with trust authentication, as the URL has no password', () => {
    const { postgres } = runOf(leg('postgres')).services;
    expect(postgres.env?.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(postgres.options).toMatch(/--health-cmd "pg_isready/);
  });

  it('starts SQL Server with the EULA accepted, the URL’s password, and a sqlcmd healthcheck', () => {
    const { mssql } = runOf(leg('mssql')).services;
    const password = parseDatabaseUrl(leg('mssql')['test-database-url']).password!;
    expect(mssql.env?.ACCEPT_EULA).toBe('Y');
    expect(mssql.env?.MSSQL_SA_PASSWORD).toBe(password);
    expect(mssql.options).toContain(`--health-cmd "/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P ${password}`);
  });

  it('uses Node 20 with the npm cache, and the commands of .ci/run', () => {
    const node = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node?.with).toEqual({ 'node-version': 20, cache: 'npm' });
    const ciRun = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    const ciCommands = [...ciRun.matchAll(/^(?:[A-Z_]+="[^"]*" )?(npm (?:ci|run \w+|test))\b/gm)].map((m) => m[1]);
    expect(ciCommands).toEqual(expect.arrayContaining(['npm ci', 'npm run lint', 'npm run build', 'npm test']));
    const workflowCommands = new Set(legs.flatMap((l) => runOf(l).commands.map((c) => c.split(' --')[0])));
    for (const command of new Set(ciCommands)) expect(workflowCommands, command).toContain(command);
  });

  it('runs the suite on SQLite again under Node 24, after rebuilding better-sqlite3 for it', () => {
    const { steps } = runOf(leg('sqlite'));
    const node24 = steps.findIndex((s) => s.uses?.startsWith('actions/setup-node@') && s.with?.['node-version'] === 24);
    expect(node24).toBeGreaterThan(0);
    const after = steps.slice(node24 + 1).flatMap((s) => (s.run ?? '').split('\n').map((line) => line.trim()));
    expect(after).toEqual(expect.arrayContaining(['npm rebuild better-sqlite3', 'npx vitest run']));
    for (const database of ['postgres', 'mssql']) {
      expect(runOf(leg(database)).steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))).toHaveLength(1);
    }
  });

  it('leaves SAMPLE_DATA_DIR unset (there is no ../shared on GitHub Actions)', () => {
    const body = workflowText
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    expect(body).not.toContain('SAMPLE_DATA_DIR');
  });
});
