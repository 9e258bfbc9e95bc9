import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { describeFailure, takeDebugFlag } from './cli-failure';
import { ConfigError } from './config/app-config';
import { UsageError } from './usage-error';

const busy = new QueryFailedError(
  'INSERT …',
  [],
  Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
);

describe('describeFailure', () => {
  it('prints a mistake as one error line', () => {
    expect(describeFailure(new UsageError("no tenant 'nope'"), false)).toBe("error: no tenant 'nope'");
    expect(describeFailure(new ConfigError('Invalid configuration: PORT'), false)).toBe(
      'error: Invalid configuration: PORT',
    );
    expect(describeFailure(busy, false)).toBe(
      'error: the SQLite database is locked by another process writing to it; try again when it has finished',
    );
  });

  it('adds the stack trace of a mistake under --debug', () => {
    expect(describeFailure(new UsageError('bad'), true)).toMatch(/^error: bad\nError: bad\n {4}at /);
  });

  it('prints anything else (a bug) with its stack trace', () => {
    expect(describeFailure(new TypeError('x is undefined'), false)).toMatch(/^TypeError: x is undefined\n {4}at /);
    expect(describeFailure(new QueryFailedError('SELECT', [], new Error('no such table')), false)).toMatch(/\n {4}at /);
  });
});

describe('takeDebugFlag', () => {
  it('takes --debug out of the arguments, wherever it stands', () => {
    const before = ['node', 'cli.js', '--debug', 'import', 'x'];
    expect(takeDebugFlag(before)).toBe(true);
    expect(before).toEqual(['node', 'cli.js', 'import', 'x']);
    const after = ['node', 'cli.js', 'import', 'x', '--debug'];
    expect(takeDebugFlag(after)).toBe(true);
    expect(after).toEqual(['node', 'cli.js', 'import', 'x']);
    const without = ['node', 'cli.js', 'import', 'x'];
    expect(takeDebugFlag(without)).toBe(false);
    expect(without).toEqual(['node', 'cli.js', 'import', 'x']);
  });
});
