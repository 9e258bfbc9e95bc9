import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGED_SHARE, writeChangedBoard } from './bench-changes';
import { BenchDatabase } from './bench-database';
import { dumpFloor } from './bench-floors';
import { BenchOptions } from './bench-options';
import { ImportFigures, startServer } from './bench-processes';
import { seconds } from './bench-report';
import {
  createTenantAndClient,
  Credentials,
  databaseEnv,
  freshDatabase,
  generateBoard,
  importInto,
  ratio,
} from './bench-setup';
import { fullSweep, getToken } from './bench-sweep';
import { printChecklist, Target } from './bench-targets';

type Cleanup = () => Promise<void>;

interface Board {
  feed: string;
  dir: string;
  credentials: Credentials;
}

/**
 * A deployment serving many boards from one database: one feed and one tenant per board (its
 * district and what lies under it). Each board is imported, then re-imported with 1% of its rows
 * changed, as a nightly run does; then every tenant is swept in full.
 */
export async function manyBoards(options: BenchOptions, workDir: string, cleanups: Cleanup[]): Promise<void> {
  const db = await freshDatabase(options.db, workDir, 'boards', cleanups, options.keep);
  const boards: Board[] = [];
  for (let seed = 1; seed <= options.boards; seed++) {
    const dir = await generateBoard(options.students, seed, workDir);
    const feed = `board-${seed}`;
    boards.push({
      feed,
      dir,
      credentials: await createTenantAndClient(db, workDir, feed, ['--orgs', districtOf(dir)]),
    });
  }
  const first = await importEach(db, boards, workDir, (board) => board.dir, 'first import');
  const nightly = await importEach(
    db,
    boards,
    workDir,
    (board) => join(workDir, `changed-${board.feed}`),
    '1% changed re-import',
    (board) => writeChangedBoard(board.dir, join(workDir, `changed-${board.feed}`), CHANGED_SHARE),
  );
  const sweepMs = await sweepEveryTenant(db, boards, cleanups);
  const dump = await dumpFloor(db);
  console.log(`\n${boards.length} boards × ${options.students} students on ${db.kind}`);
  const targets: Target[] = [
    total(`first imports of ${boards.length} boards`, first, 5),
    total(`nightly 1% re-imports of ${boards.length} boards`, nightly, 3),
    {
      target: `full sweep of ${boards.length} tenants ≤ 3× raw JSON dump`,
      measured: `${seconds(sweepMs)} vs ${seconds(dump.seconds * 1000)} (${dump.what}): ${ratio(sweepMs / 1000, dump.seconds)}`,
      pass: sweepMs / 1000 <= 3 * dump.seconds,
    },
  ];
  printChecklist(targets);
}

/** The board's district: its tenant covers it and every school under it. */
function districtOf(boardDir: string): string {
  const line = readFileSync(join(boardDir, 'orgs.csv'), 'utf8')
    .split(/\r?\n/)
    .find((row) => row.split(',')[4] === 'district');
  return line!.split(',')[0];
}

async function importEach(
  db: BenchDatabase,
  boards: Board[],
  workDir: string,
  bundleOf: (board: Board) => string,
  label: string,
  prepare?: (board: Board) => Promise<unknown>,
): Promise<ImportFigures[]> {
  const imports: ImportFigures[] = [];
  for (const board of boards) {
    await prepare?.(board);
    imports.push(await importInto(db, bundleOf(board), workDir, `${board.feed} ${label}`, 0, ['--feed', board.feed]));
  }
  return imports;
}

function total(what: string, imports: ImportFigures[], times: number): Target {
  const ours = imports.reduce((sum, i) => sum + i.run.seconds, 0);
  const floor = imports.reduce((sum, i) => sum + i.floor!.seconds, 0);
  return {
    target: `${what} ≤ ${times}× loader floor`,
    measured: `${seconds(ours * 1000)} vs ${seconds(floor * 1000)}: ${ratio(ours, floor)}`,
    pass: ours <= times * floor,
  };
}

async function sweepEveryTenant(db: BenchDatabase, boards: Board[], cleanups: Cleanup[]): Promise<number> {
  const server = await startServer({ ...databaseEnv(db), API_REQUESTS_PER_MINUTE: '1000000' });
  cleanups.push(() => server.stop());
  let ms = 0;
  for (const board of boards) {
    const api = await getToken(server.baseUrl, board.credentials.clientId, board.credentials.clientSecret);
    const sweeps = await fullSweep(api, board.feed, 5000);
    const boardMs = sweeps.reduce((sum, s) => sum + s.ms, 0);
    console.log(
      `swept tenant ${board.feed}: ${sweeps.reduce((sum, s) => sum + s.records, 0)} records in ${seconds(boardMs)}`,
    );
    ms += boardMs;
  }
  return ms;
}
