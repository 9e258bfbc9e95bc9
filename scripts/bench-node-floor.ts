import { createReadStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Sqlite from 'better-sqlite3';
import { parse } from 'csv-parse';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText } from '../src/database/bulk-insert';
import { BenchDatabase, postgresAdmin } from './bench-database';
import { Floor, floorColumns, floorTable, rosterFiles } from './bench-floors';

/** Rows a COPY carries, as the import's staging sends them. */
const COPY_ROWS = 5000;

/**
 * The loader floor's work done from Node, with the libraries the import uses: each file read by csv-parse and its
 * records written as they are (text columns, nothing checked, hashed or derived) through better-sqlite3's prepared
 * INSERT or a COPY, with a unique key on sourcedId, in one transaction. Not a target: what of an import's time
 * reading CSV in Node costs before the import does anything of its own.
 */
export async function nodeLoadFloor(kind: BenchDatabase['kind'], boardDir: string, workDir: string): Promise<Floor> {
  const files = rosterFiles(boardDir);
  const started = performance.now();
  if (kind === 'sqlite') await sqliteLoad(boardDir, files, join(workDir, 'node-floor.sqlite'));
  else await postgresLoad(boardDir, files);
  const seconds = (performance.now() - started) / 1000;
  const how = kind === 'sqlite' ? 'prepared INSERTs + CREATE UNIQUE INDEX' : 'COPY into tables with a primary key';
  return { what: `Node's own load (csv-parse, ${how}; nothing checked)`, seconds };
}

/**
 * The files read by csv-parse alone, every record dropped as it comes: the part of Node's own load that no design of
 * the import's writes can take away while the parse runs in Node.
 */
export async function parseFloor(boardDir: string): Promise<Floor> {
  const started = performance.now();
  let rows = 0;
  for (const file of rosterFiles(boardDir)) for await (const _ of records(boardDir, file)) rows++;
  const seconds = (performance.now() - started) / 1000;
  return { what: `csv-parse alone (${rows.toLocaleString('en')} records read, nothing written)`, seconds };
}

/** A file's records, its header first. */
const records = (boardDir: string, file: string): AsyncIterable<string[]> =>
  createReadStream(join(boardDir, file)).pipe(parse({ bom: true }));

const tableOf = (file: string) => `"${floorTable(file)}"`;

async function sqliteLoad(boardDir: string, files: string[], path: string) {
  rmSync(path, { force: true });
  const db = new Sqlite(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN');
    for (const file of files) {
      let insert: Sqlite.Statement | undefined;
      for await (const record of records(boardDir, file)) {
        if (insert) insert.run(record);
        else {
          db.exec(`CREATE TABLE ${tableOf(file)} (${floorColumns(record, false)})`);
          insert = db.prepare(`INSERT INTO ${tableOf(file)} VALUES (${record.map(() => '?').join(', ')})`);
        }
      }
      // After the rows, as the loader floor's script does.
      db.exec(`CREATE UNIQUE INDEX "${floorTable(file)}_key" ON ${tableOf(file)}("sourcedId")`);
    }
    db.exec('COMMIT');
  } finally {
    db.close();
    rmSync(path, { force: true });
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
  }
}

async function postgresLoad(boardDir: string, files: string[]) {
  const name = `bench_node_floor_${process.pid}`;
  const admin = postgresAdmin();
  await admin.run(`CREATE DATABASE ${name}`);
  const client = new Client({ connectionString: admin.urlOf(name) });
  try {
    await client.connect();
    await client.query('BEGIN');
    for (const file of files) await copyFile(client, boardDir, file);
    await client.query('COMMIT');
  } finally {
    await client.end();
    await admin.run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function copyFile(client: Client, boardDir: string, file: string) {
  let batch: string[][] = [];
  let created = false;
  const flush = async () => {
    const text = copyText(batch);
    batch = [];
    await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${tableOf(file)} FROM STDIN`)));
  };
  for await (const record of records(boardDir, file)) {
    if (!created) {
      await client.query(`CREATE TABLE ${tableOf(file)} (${floorColumns(record, true)})`);
      created = true;
    } else if (batch.push(record) >= COPY_ROWS) await flush();
  }
  if (batch.length > 0) await flush();
}
