import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** scripts/audit.mjs (`npm run audit`), fed saved `npm audit --json` reports instead of the registry's answer. */

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'oneroster-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HIGH = 'GHSA-aaaa-bbbb-cccc';

/** An `npm audit --json` (report version 2) with one advisory of the given severity on `tar`, reached through `pkg`. */
function reportWith(severity: string) {
  const advisory = {
    source: 1101,
    name: 'tar',
    dependency: 'tar',
    title: 'Arbitrary file write',
    url: `https://github.com/advisories/${HIGH}`,
    severity,
    range: '<6.2.1',
  };
  return {
    auditReportVersion: 2,
    vulnerabilities: {
      tar: { name: 'tar', severity, isDirect: false, via: [advisory], effects: ['pkg'], range: '<6.2.1' },
      pkg: { name: 'pkg', severity, isDirect: true, via: ['tar'], effects: [], range: '*' },
    },
    metadata: { vulnerabilities: { total: 2 } },
  };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

let files = 0;
function audit(report: unknown, allowlist: unknown[] = [], ...flags: string[]) {
  const reportFile = join(dir, `report-${++files}.json`);
  const allowlistFile = join(dir, `allowlist-${files}.json`);
  writeFileSync(reportFile, JSON.stringify(report));
  writeFileSync(allowlistFile, JSON.stringify({ advisories: allowlist }));
  const args = ['scripts/audit.mjs', '--report', reportFile, '--allowlist', allowlistFile, ...flags];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('npm run audit', () => {
  it('fails on a high or critical advisory, naming it once', () => {
    for (const severity of ['high', 'critical']) {
      const result = audit(reportWith(severity));
      expect(result.status, severity).toBe(1);
      expect(result.output.match(new RegExp(`${severity} ${HIGH} in tar`, 'g'))).toHaveLength(1);
    }
  });

  it('passes on moderate and low advisories', () => {
    expect(audit(reportWith('moderate')).status).toBe(0);
    expect(audit(reportWith('low')).status).toBe(0);
  });

  it('passes on an advisory the allow-list names with a reason and a recent review', () => {
    const entry = { id: HIGH, package: 'tar', reason: 'only our own bundles are unpacked', reviewed: daysAgo(10) };
    const result = audit(reportWith('high'), [entry]);
    expect(result.status, result.output).toBe(0);
  });

  it('ignores an allow-list entry reviewed too long ago or without a reason', () => {
    const old = { id: HIGH, package: 'tar', reason: 'reviewed once', reviewed: daysAgo(200) };
    expect(audit(reportWith('high'), [old])).toMatchObject({ status: 1, output: expect.stringMatching(/ignored/) });
    const bare = { id: HIGH, reviewed: daysAgo(1) };
    expect(audit(reportWith('high'), [bare])).toMatchObject({ status: 1, output: expect.stringMatching(/reason/) });
  });

  it('says when an allow-list entry is no longer reported', () => {
    const entry = { id: 'GHSA-gone-gone-gone', package: 'x', reason: 'fixed upstream since', reviewed: daysAgo(1) };
    const result = audit(reportWith('low'), [entry]);
    expect(result).toMatchObject({ status: 0, output: expect.stringMatching(/GHSA-gone-gone-gone is no longer/) });
  });

  it('fails closed when the registry gives no audit, and only warns with --if-available', () => {
    const refused = { message: '405 Method Not Allowed - POST …/advisories/bulk', error: { summary: '' } };
    expect(audit(refused)).toMatchObject({ status: 1, output: expect.stringMatching(/no advisory was checked/) });
    expect(audit(refused, [], '--if-available')).toMatchObject({ status: 0, output: expect.stringMatching(/WARNING/) });
    expect(audit(reportWith('critical'), [], '--if-available').status).toBe(1);
  });

  it('accepts the committed allow-list as valid', () => {
    const clean = join(dir, 'clean.json');
    writeFileSync(clean, JSON.stringify(reportWith('low')));
    const result = spawnSync(process.execPath, ['scripts/audit.mjs', '--report', clean], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/ignored/);
  });
});
