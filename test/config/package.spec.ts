import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What `npm pack` puts in the release tarball (listed, not installed: scripts/verify-package.sh installs one with
 * `npm ci --omit=dev` and runs it, from .ci/run), and the `bin` entries an installed release is run with. Needs
 * dist/ (`npm test` builds it first).
 */

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
};

interface PackedFile {
  path: string;
  mode: number;
}

function packedFiles(): PackedFile[] {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  return (JSON.parse(pack.stdout) as { files: PackedFile[] }[])[0].files;
}

describe('the release tarball (npm pack)', () => {
  const files = packedFiles();
  const paths = files.map((f) => f.path);

  it('carries the built server and CLI, the OpenAPI document, the docs and the licence', () => {
    for (const path of ['dist/main.js', 'dist/cli.js', 'openapi/oneroster-v1p1.json', 'README.md', 'CHANGELOG.md']) {
      expect(paths, path).toContain(path);
    }
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'docs/upgrading.md', 'package.json']));
  });

  it('carries every migration, compiled', () => {
    const migrations = readdirSync(join(ROOT, 'src', 'database', 'migrations'))
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
      .map((name) => `dist/database/migrations/${name.replace(/\.ts$/, '.js')}`);
    expect(migrations.length).toBeGreaterThan(0);
    expect(paths).toEqual(expect.arrayContaining(migrations));
  });

  it('carries no sources, tests, source maps or local state', () => {
    const unwanted = paths.filter((p) => /^(src|test|node_modules|data|\.ci|\.github)\/|\.map$|\.sqlite/.test(p));
    expect(unwanted).toEqual([]);
  });

  it('takes the lock file along when release:pack writes it as npm-shrinkwrap.json', () => {
    expect(pkg.files).toContain('npm-shrinkwrap.json');
  });

  it('ships each bin as an executable node script', () => {
    for (const [name, path] of Object.entries(pkg.bin)) {
      const file = files.find((f) => f.path === path);
      expect(file, name).toBeDefined();
      expect(file!.mode & 0o111, name).not.toBe(0);
      expect(readFileSync(join(ROOT, path), 'utf8').split('\n')[0], name).toBe('#!/usr/bin/env node');
    }
  });

  it('starts the server and the CLI from dist/ without building (no prestart or precli)', () => {
    expect(pkg.scripts).not.toHaveProperty('prestart');
    expect(pkg.scripts).not.toHaveProperty('precli');
    expect(pkg.scripts.start).toMatch(/^node .* dist\/main\.js$/);
    expect(pkg.scripts.cli).toMatch(/^node .* dist\/cli\.js$/);
  });

  it('has a semantic version', () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });
});

describe('the oneroster-sds bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oneroster-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // Loaded into every node process the bin starts: prints the flags that process was started with.
  const preload = join(dir, 'print-exec-argv.cjs');
  writeFileSync(preload, "process.stderr.write('execArgv ' + JSON.stringify(process.execArgv) + '\\n');\n");

  function runBin(args: string[], nodeOptions: string) {
    const result = spawnSync(process.execPath, [join(ROOT, pkg.bin['oneroster-sds']), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: nodeOptions, DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` },
    });
    const execArgvs = [...result.stderr.matchAll(/^execArgv (.*)$/gm)].map((m) => JSON.parse(m[1]) as string[]);
    return { ...result, execArgvs };
  }

  it('runs the built CLI with the heap settings of npm run cli', () => {
    const result = runBin(['--help'], `--require ${preload}`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\s+import \[options\] <source>/m);
    // The launcher, then the CLI started again with the flags.
    expect(result.execArgvs).toEqual([[], ['--max-old-space-size=256', '--max-semi-space-size=16']]);
  });

  it('keeps heap settings given in NODE_OPTIONS, in one process', () => {
    const result = runBin(['--help'], `--max-old-space-size=512 --require ${preload}`);
    expect(result.status, result.stderr).toBe(0);
    expect(result.execArgvs).toEqual([[]]);
  });

  it('exits as the CLI does', () => {
    const result = runBin(['no-such-command'], `--require ${preload}`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown command 'no-such-command'/);
  });
});
