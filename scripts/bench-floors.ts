import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BenchDatabase, postgresAdmin } from './bench-database';

/**
 * What no program can beat by much, measured on this machine in the same run as our figures: the
 * databases' own CSV loaders and JSON dumps, driven from their command-line clients.
 */
export interface Floor {
  what: string;
  seconds: number;
}

/** The tables an SDS sweep of the five collections reads: the raw dump floor dumps each of them whole. */
const SWEPT_TABLES = [
  'academic_sessions',
  'orgs',
  'users',
  'user_orgs',
  'user_agents',
  'tenant_usernames',
  'classes',
  'class_terms',
  'tenant_class_titles',
  'enrollments',
  'tenant_scope',
];

/** The bundle's roster files, each loaded into a table of its own. */
export const rosterFiles = (boardDir: string) =>
  readdirSync(boardDir).filter((name) => name.endsWith('.csv') && name !== 'manifest.csv');

/** The table a floor loads a file into. */
export const floorTable = (file: string) => file.replace(/\.csv$/, '');

/** A floor table's columns: text, with the primary key on sourcedId where it is declared with the table. */
export const floorColumns = (header: string[], keyed: boolean) =>
  header.map((column) => `"${column}" text${keyed && column === 'sourcedId' ? ' PRIMARY KEY' : ''}`).join(', ');

/** The bundle's CSV files loaded into plain tables with a unique key on sourcedId, by the database's own loader. */
export async function loaderFloor(kind: BenchDatabase['kind'], boardDir: string, workDir: string): Promise<Floor> {
  const files = rosterFiles(boardDir);
  return kind === 'sqlite' ? sqliteImport(boardDir, files, workDir) : postgresCopy(boardDir, files);
}

async function sqliteImport(boardDir: string, files: string[], workDir: string): Promise<Floor> {
  const file = join(workDir, 'loader-floor.sqlite');
  rmSync(file, { force: true });
  const script = [
    '.mode csv',
    ...files.map((name) => `.import '${join(boardDir, name)}' ${floorTable(name)}`),
    ...files.map((name) => `CREATE UNIQUE INDEX ${floorTable(name)}_key ON ${floorTable(name)}(sourcedId);`),
  ].join('\n');
  const seconds = await timed('sqlite3', [file], script);
  rmSync(file, { force: true });
  return { what: 'sqlite3 .import + CREATE UNIQUE INDEX (sourcedId)', seconds };
}

async function postgresCopy(boardDir: string, files: string[]): Promise<Floor> {
  const name = `bench_floor_${process.pid}`;
  const admin = postgresAdmin();
  await admin.run(`CREATE DATABASE ${name}`);
  try {
    const tables = files.map((file) => {
      const header = readFileSync(join(boardDir, file), 'utf8').split(/\r?\n/, 1)[0].split(',');
      return `CREATE TABLE "${floorTable(file)}" (${floorColumns(header, true)});`;
    });
    await timed('psql', ['-q', '-v', 'ON_ERROR_STOP=1', admin.urlOf(name)], tables.join('\n'));
    const copies = files.map(
      (file) => `\\copy "${floorTable(file)}" FROM '${join(boardDir, file)}' WITH (FORMAT csv, HEADER true)`,
    );
    const seconds = await timed('psql', ['-q', '-v', 'ON_ERROR_STOP=1', admin.urlOf(name)], copies.join('\n'));
    return { what: 'psql \\copy into tables with a primary key (sourcedId)', seconds };
  } finally {
    await admin.run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Every table a sweep reads, dumped whole as JSON by the database's client: what serving it can approach. */
export async function dumpFloor(db: BenchDatabase): Promise<Floor> {
  let seconds = 0;
  for (const table of SWEPT_TABLES) {
    seconds +=
      db.kind === 'sqlite'
        ? await timed('sqlite3', ['-json', db.url.replace(/^sqlite:/, ''), `SELECT * FROM ${table}`])
        : await timed('psql', ['-q', db.url, '-c', `COPY (SELECT row_to_json(t) FROM ${table} t) TO STDOUT`]);
  }
  return {
    what:
      db.kind === 'sqlite'
        ? 'sqlite3 -json of every swept table'
        : 'psql COPY (SELECT row_to_json(t)) of every swept table',
    seconds,
  };
}

/** Runs a client with `input` on stdin, reading (and dropping) its output; its wall time in seconds. */
function timed(command: string, args: string[], input = ''): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.on('data', (part: Buffer) => (stderr += part.toString()));
  child.stdin?.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 && !stderr
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 1000)}`)),
    );
  });
}
