import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Floor } from './bench-floors';

export type Env = Record<string, string>;

export interface MeasuredRun {
  stdout: string;
  seconds: number;
  peakRssMb: number;
}

/** The heap settings `npm start`, `npm run cli` and the Docker image run the server and the CLI with (package.json, docker/Dockerfile). */
const HEAP_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'];
const PEAK_RSS_PRELOAD = join(__dirname, 'bench-peak-rss.js');
// `npm run bench` compiles src/ beside scripts/, away from dist/: a rebuild of dist/ cannot pull the app from under a run.
const APP_DIR = join(__dirname, '..', 'src');

/** Runs the admin CLI (`cli.js <args>`) and measures its wall time and peak RSS. */
export async function runCli(args: string[], env: Env, workDir: string): Promise<MeasuredRun> {
  const rssFile = join(workDir, 'peak-rss.txt');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...HEAP_FLAGS, '--require', PEAK_RSS_PRELOAD, join(APP_DIR, 'cli.js'), ...args],
    {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, BENCH_PEAK_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const [stdout, stderr] = [collect(child, 'stdout'), collect(child, 'stderr')];
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`cli ${args.join(' ')} exited with ${code}:\n${stderr().slice(-2000)}`);
  const seconds = (performance.now() - started) / 1000;
  return { stdout: stdout(), seconds, peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

function collect(child: ChildProcess, stream: 'stdout' | 'stderr'): () => string {
  const parts: Buffer[] = [];
  child[stream]!.on('data', (part: Buffer) => parts.push(part));
  return () => Buffer.concat(parts).toString('utf8');
}

export interface RunningServer {
  baseUrl: string;
  /** Forgets the peak so far (start-up), so peakRssMb() covers what follows. */
  resetPeakRss(): void;
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** Starts the real server (`main.js`) on a free local port, with extra Node flags, and waits until it listens. */
export async function startServer(env: Env, nodeFlags: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...HEAP_FLAGS, ...nodeFlags, join(APP_DIR, 'main.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), PUBLIC_BASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr = collect(child, 'stderr');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (part: Buffer) => part.toString().includes('OneRoster 1.1 API') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderr().slice(-2000)}`)));
  });
  const status = `/proc/${child.pid}/status`;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    resetPeakRss: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    peakRssMb: () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'))![1]) / 1024,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** One import the benchmark ran: what it was, the board's size, the measured CLI process and its floor. */
export interface ImportFigures {
  label: string;
  students: number;
  run: MeasuredRun;
  /** The database's own CSV loader on the same files, measured just before. */
  floor?: Floor;
}
