import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

/** The built admin CLI: `npm run build` must have run, as `npm test` does through `pretest`. */
export const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliCall {
  /** Written to the CLI's standard input, which is then closed (closed at once without it). */
  input?: string;
  /** Environment variables on top of the ones every call gets. */
  env?: Record<string, string>;
}

export type Cli = (args: string[], call?: CliCall) => Promise<CliResult>;

/**
 * Runs `node dist/cli.js` as an operator would, on one database. The environment is built from
 * scratch (not inherited from vitest) so that only what the test names reaches the CLI.
 */
export function cliOn(databaseUrl: string, cwd: string): Cli {
  return (args, call = {}) =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [CLI, ...args],
        {
          cwd,
          env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ...call.env },
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin!.end(call.input ?? '');
    });
}

/** A successful call's stdout as ONE JSON document (JSON.parse fails on anything around it). */
export function jsonOf<T = Record<string, unknown>>(result: CliResult): T {
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as T;
}

/** A refused call: exit code 1, nothing on stdout, and one `error: …` line on stderr (no stack trace). */
export function expectUsageError(result: CliResult, message: RegExp): void {
  expect({ code: result.code, stdout: result.stdout }, result.stderr).toEqual({ code: 1, stdout: '' });
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
  expect(result.stderr).toMatch(message);
}
