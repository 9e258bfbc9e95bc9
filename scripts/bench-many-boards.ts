import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGED_SHARE, writeChangedBoard } from './bench-changes';
import { dumpFloor } from './bench-floors';
import { BenchOptions } from './bench-options';
import { ImportFigures, RunningServer, startServer } from './bench-processes';
import { importClient, pushInto } from './bench-push';
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
 * district and what lies under it). Each board is pushed to the running server's admin API, as a
 * SIS feeding a deployment of many boards does, then pushed again with 1% of its rows changed, as a
 * nightly run does, and once more through `cli import` (the 1% changed back), a process per board;
 * then every tenant is swept in full.
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
  const server = await startServer({
    ...databaseEnv(db),
    API_REQUESTS_PER_MINUTE: '1000000',
    IMPORT_UPLOAD_DIR: join(workDir, 'uploads'),
  });
  cleanups.push(() => server.stop());
  const push = { api: await importClient(db, workDir, server), server };
  const changedDir = (board: Board) => join(workDir, `changed-${board.feed}`);
  const first = await importEach(boards, 'first import', (board, label) =>
    pushInto(db, push, { dir: board.dir, feed: board.feed }, workDir, label),
  );
  const nightly = await importEach(boards, '1% changed re-import', async (board, label) => {
    await writeChangedBoard(board.dir, changedDir(board), CHANGED_SHARE);
    return pushInto(db, push, { dir: changedDir(board), feed: board.feed }, workDir, label);
  });
  const nightlyCli = await importEach(boards, '1% changed back', (board, label) =>
    importInto(db, board.dir, workDir, label, 0, ['--feed', board.feed]),
  );
  const sweepMs = await sweepEveryTenant(server, boards);
  const dump = await dumpFloor(db);
  console.log(`\n${boards.length} boards × ${options.students} students on ${db.kind}`);
  const cli = importTotals(nightlyCli);
  console.log(
    `nightly 1% re-imports through \`cli import\`, a process per board: ${seconds(cli.ours * 1000)} vs ${seconds(cli.floor * 1000)}: ${ratio(cli.ours, cli.floor)}`,
  );
  const targets: Target[] = [
    total(`first imports of ${boards.length} boards`, first, 5),
    total(`nightly 1% re-imports of ${boards.length} boards, pushed,`, nightly, 3),
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
  boards: Board[],
  label: string,
  importBoard: (board: Board, label: string) => Promise<ImportFigures>,
): Promise<ImportFigures[]> {
  const imports: ImportFigures[] = [];
  for (const board of boards) imports.push(await importBoard(board, `${board.feed} ${label}`));
  return imports;
}

function importTotals(imports: ImportFigures[]): { ours: number; floor: number } {
  return {
    ours: imports.reduce((sum, i) => sum + i.run.seconds, 0),
    floor: imports.reduce((sum, i) => sum + i.floor!.seconds, 0),
  };
}

function total(what: string, imports: ImportFigures[], times: number): Target {
  const { ours, floor } = importTotals(imports);
  return {
    target: `${what} ≤ ${times}× loader floor`,
    measured: `${seconds(ours * 1000)} vs ${seconds(floor * 1000)}: ${ratio(ours, floor)}`,
    pass: ours <= times * floor,
  };
}

async function sweepEveryTenant(server: RunningServer, boards: Board[]): Promise<number> {
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
