/** The command line of `npm run bench`. */
export interface BenchOptions {
  students: number;
  db: 'sqlite' | 'postgres';
  seed: number;
  keep: boolean;
  importScaling: boolean;
  importOnly: boolean;
  /** Writes the server's V8 CPU profile into the work dir (kept). */
  cpuProf: boolean;
  /** Only the many-boards scenario: `boards` feeds and tenants of `students` each (default 5,000). */
  manyBoards: boolean;
  boards: number;
}

const USAGE = `npm run bench -- [--students N] [--db sqlite|postgres] [--seed N] [--keep] [--import-scaling] [--import-only]
  --students N        students in the synthetic board (default 50000)
  --db                sqlite (a file in a temp dir, default) or postgres (a fresh database on 127.0.0.1:5432)
  --seed N            board generator seed (default 1)
  --keep              keep the temp dir (board, database, SQL log)
  --import-scaling    only import N and 4×N students and compare import time and peak RSS
  --import-only       only generate and import the board
  --cpu-prof          write the server's CPU profile (.cpuprofile) into the work dir, and keep it
  --many-boards       only the many-boards scenario: --boards feeds of --students each (default 5000), one
                      tenant each, pushed to the admin API, pushed again with 1% changes, imported once
                      more through the CLI, and swept tenant by tenant
  --boards N          boards in --many-boards (default 20)`;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    students: 50_000,
    db: 'sqlite',
    seed: 1,
    keep: false,
    importScaling: false,
    importOnly: false,
    cpuProf: false,
    manyBoards: false,
    boards: 20,
  };
  let students: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i] ?? fail(`${flag} needs a value`);
    if (flag === '--students') students = wholeNumber(value(), flag);
    else if (flag === '--seed') options.seed = wholeNumber(value(), flag);
    else if (flag === '--db') options.db = database(value());
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--import-scaling') options.importScaling = true;
    else if (flag === '--import-only') options.importOnly = true;
    else if (flag === '--cpu-prof') options.cpuProf = options.keep = true;
    else if (flag === '--many-boards') options.manyBoards = true;
    else if (flag === '--boards') options.boards = wholeNumber(value(), flag);
    else fail(flag === '--help' ? '' : `unknown option ${flag}`);
  }
  options.students = students ?? (options.manyBoards ? 5_000 : options.students);
  return options;
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) fail(`${flag} takes a positive whole number, got "${value}"`);
  return Number(value);
}

function database(value: string): BenchOptions['db'] {
  if (value !== 'sqlite' && value !== 'postgres') fail(`--db takes sqlite or postgres, got "${value}"`);
  return value as BenchOptions['db'];
}

function fail(message: string): never {
  process.stderr.write(`${message ? `error: ${message}\n` : ''}${USAGE}\n`);
  process.exit(message ? 1 : 0);
}
