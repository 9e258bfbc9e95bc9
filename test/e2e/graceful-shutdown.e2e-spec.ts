import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until the process has printed a line matching the pattern, and returns the match. */
function printed(child: ChildProcess, output: { text: string }, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const match = pattern.exec(output.text);
      if (match) resolve(match);
      return match;
    };
    if (look()) return;
    child.stdout!.on('data', look);
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before printing ${pattern}:\n${output.text}`)),
    );
  });
}

/**
 * `node dist/main.js` as operators run it: on SIGTERM it stops taking connections, finishes the
 * requests in flight (the database stays open for them) and exits.
 */
describe('graceful shutdown of the server process', () => {
  let dir: string;
  let server: ChildProcess;
  const output = { text: '' };
  let port: number;
  let credentials: { id: string; secret: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oneroster-shutdown-'));
    port = await freePort();
    server = spawn(process.execPath, [MAIN], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
        LOG_LEVEL: 'warn',
      },
    });
    server.stdout!.on('data', (chunk: Buffer) => void (output.text += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => void (output.text += chunk.toString()));
    const [, id, secret] = await printed(server, output, /Client ID:\s+(\S+)\n\s+Client secret:\s+(\S+)\n/);
    credentials = { id, secret };
    await printed(server, output, /OneRoster 1\.1 API: /);
  }, 60_000);
  afterAll(() => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a token request that was in flight when SIGTERM came, then exits', { timeout: 30_000 }, async () => {
    const body = `grant_type=client_credentials&client_id=${credentials.id}&client_secret=${credentials.secret}`;
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/oauth/token',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => void (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after SIGTERM: the request is in flight throughout the shutdown.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 500);
      }, 200);
    });
    const exited = new Promise<number | null>((resolve) =>
      server.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : null))),
    );

    const { status, text } = await response;
    expect(status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ token_type: 'Bearer' });
    await expect(exited).resolves.toBe(143);
    expect(output.text).not.toMatch(/error/i);
  });
});
