import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { CheckReport, sweepWarnings } from '../../src/check/provider-check';
import { TenantsService } from '../../src/tenants/tenants.service';
import { Cli, cliOn } from '../support/cli';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TestApp } from '../support/test-app';

/** A port nothing listens on: bound, read, then closed again. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('cli check (against our app on a real port)', () => {
  let t: TestApp;
  let dir: string;
  let cli: Cli;
  let origin: string;

  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'check-e2e-'));
    cli = cliOn(t.db.url, dir);
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const check = (
    credentials: { clientId: string; clientSecret: string },
    base = `${origin}${API}`,
    ...extra: string[]
  ) =>
    cli([
      'check',
      '--base-url',
      base,
      '--token-url',
      `${origin}/oauth/token`,
      '--client-id',
      credentials.clientId,
      '--client-secret',
      credentials.clientSecret,
      '--timeout',
      '5',
      ...extra,
    ]);

  it("passes with the test tenant's credentials: ✔ per step, the five counts, exit 0", async () => {
    const result = await check(t.credentials);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/^✖/m);
    expect(result.stdout).toMatch(/^✔ URL: base URL reachable \(HTTP \d{3}\)$/m);
    expect(result.stdout).toMatch(/^✔ URL: OneRoster API found \(\/orgs answers 401 without a token\)$/m);
    expect(result.stdout).toMatch(/^✔ Credentials: token by HTTP Basic/m);
    expect(result.stdout).toMatch(/^✔ Credentials: token by form body \(client_secret_post\)$/m);
    for (const [name, count] of [
      ['orgs', 4],
      ['academicSessions', 4],
      ['classes', 3],
      ['users', 17],
    ] as const) {
      expect(result.stdout).toMatch(new RegExp(`^✔ Data access: /${name}: X-Total-Count ${count}$`, 'm'));
    }
    expect(result.stdout).toMatch(/^✔ Data access: \/enrollments: X-Total-Count [1-9]\d*$/m);
    expect(result.stdout).toMatch(/^✔ Data access: \/users delta filter dateLastModified>: X-Total-Count 17$/m);
    expect(result.stdout).toMatch(
      /^✔ Sweep: full sweep read 4 orgs, 4 academicSessions, 17 users, 3 classes, \d+ enrollments$/m,
    );
    expect(result.stdout).toMatch(/^⚠ URL: base URL is not https$/m);
    expect(result.stdout).toMatch(/^All checks passed \(\d+ warnings?\)\.$/m);
  });

  it("--json prints one document with every step's result", async () => {
    const result = await check(t.credentials, `${origin}${API}`, '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report).toMatchObject({
      ok: true,
      baseUrl: `${origin}${API}`,
      tokenUrl: `${origin}/oauth/token`,
      totals: { orgs: 4, academicSessions: 4, classes: 3, users: 17, enrollments: expect.any(Number) },
    });
    expect(new Set(report.results.map((r) => r.step))).toEqual(new Set(['url', 'credentials', 'data', 'sweep']));
    for (const r of report.results) {
      expect(r).toMatchObject({
        step: expect.any(String),
        status: expect.stringMatching(/^(pass|warn)$/),
        title: expect.any(String),
      });
    }
  });

  it('a wrong secret fails the credentials step with the RFC 6749 error and a hint, exit 1', async () => {
    const result = await check({ clientId: t.credentials.clientId, clientSecret: 'wrong-secret' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✔ URL: base URL reachable/m);
    expect(result.stdout).toMatch(
      /^✖ Credentials: token by HTTP Basic.*\n {4}reason: refused \(HTTP 401\): invalid_client.*\n {4}hint: check the client id and secret; /m,
    );
    expect(result.stdout).toMatch(
      /^✖ Credentials: token by form body \(client_secret_post\)\n {4}reason: refused \(HTTP 40[01]\): invalid_client/m,
    );
    expect(result.stdout).toMatch(/^○ Data access: Data access \(not checked\)$/m);
  });

  it('a closed port fails the URL step: connection refused, exit 1', async () => {
    const port = await closedPort();
    const result = await check(t.credentials, `http://127.0.0.1:${port}${API}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^✖ URL: base URL http://127.0.0.1:${port}${API} not reachable\\n {4}reason: connection refused by 127.0.0.1:${port}\\n {4}hint: `,
        'm',
      ),
    );
    expect(result.stdout).not.toMatch(/^✔ Credentials/m);
  });

  it('a base URL path without an API (404) fails the URL step, exit 1', async () => {
    const result = await check(t.credentials, `${origin}/wrong/path`);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^⚠ URL: base URL does not end in \/ims\/oneroster\/v1p1/m);
    expect(result.stdout).toMatch(
      /^✖ URL: no OneRoster API at the base URL\n {4}reason: .*\/wrong\/path\/orgs answers 404 Not Found\n {4}hint: use the API root ending in \/ims\/oneroster\/v1p1/m,
    );
  });

  it('an empty tenant fails data access: the client sees no users, exit 1', async () => {
    await t.app.get(TenantsService).create('empty', { name: 'Empty', orgs: ['no-such-org'] });
    const credentials = await t.app.get(ClientsService).create('empty', 'x');
    const result = await check(credentials);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✔ Credentials: token by HTTP Basic/m);
    expect(result.stdout).toMatch(/^✔ Data access: \/users: X-Total-Count 0$/m);
    expect(result.stdout).toMatch(
      /^✖ Data access: the client sees no users\n {4}reason: the client sees no users: its tenant's scope is empty/m,
    );
    expect(result.stdout).toMatch(/^\d+ checks? failed; SDS would refuse this connection\.$/m);
  });

  it('refuses missing options as a usage error', async () => {
    const result = await cli(['check', '--base-url', `${origin}${API}`]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^error: --token-url, --client-id, --client-secret are required\n$/);
  });
});

describe('sweepWarnings (pure)', () => {
  const user = (sourcedId: string, username: string, more: Record<string, unknown> = {}) => ({
    sourcedId,
    status: 'active',
    username,
    givenName: 'Ann',
    familyName: 'Peeters',
    identifier: sourcedId,
    role: 'student',
    orgs: [{ sourcedId: 'school-1', type: 'org' }],
    ...more,
  });

  it("counts each breach of SDS's rules, and of what spans records, with up to 5 examples", () => {
    const users = [
      user('u1', 'ann@school.example'),
      user('u2', 'ANN@school.example'),
      user('u3', 'bob'),
      user('u4', 'élise@school.example'),
      user('u5', `${'a'.repeat(65)}@school.example`),
      user('u6', 'dot.@school.example'),
      user('u7', 'carl@school.example', { orgs: [] }),
      user('u8', 'dirk@school.example', { role: 'aide', phone: '0470 12 34 56' }),
    ];
    const classes = [
      {
        sourcedId: 'c1',
        status: 'active',
        title: 'Wiskunde',
        school: { sourcedId: 's' },
        terms: [{ sourcedId: 't1' }],
      },
      { sourcedId: 'c2', status: 'active', title: 'Frans', school: { sourcedId: 's' }, terms: [], grades: ['1A'] },
    ];
    const ref = (sourcedId: string) => ({ sourcedId });
    const enrollments = [
      { sourcedId: 'e1', status: 'active', role: 'student', user: ref('u1'), class: ref('c1'), school: ref('s') },
      { sourcedId: 'e2', status: 'active', role: 'student', user: ref('u1'), class: ref('gone'), school: ref('s') },
    ];
    const warnings = sweepWarnings({ users, classes, enrollments }).map(({ title, count, examples }) => ({
      title,
      count,
      examples,
    }));
    expect(warnings).toEqual([
      { title: 'user.orgs: at least one org in the tenant (SDS drops the record)', count: 1, examples: ["u7: ''"] },
      {
        title:
          'user.role: a role from SDS "Organization user roles" (or guardian, parent, relative as contacts) (SDS drops the record)',
        count: 1,
        examples: ["u8: 'aide'"],
      },
      {
        title: 'user.phone: phone in E.164 form (+ country code and number, no spaces) (SDS drops the value)',
        count: 1,
        examples: ["u8: '0470 12 34 56'"],
      },
      {
        title: expect.stringMatching(/^user\.username\.entra: /),
        count: 3,
        examples: ["u4: 'élise@school.example'", `u5: '${'a'.repeat(65)}@school.example'`, "u6: 'dot.@school.example'"],
      },
      { title: 'class.terms: at least one term (SDS drops the record)', count: 1, examples: ["c2: ''"] },
      { title: expect.stringMatching(/^class\.grades: /), count: 1, examples: ["c2: '1A'"] },
      { title: 'usernames without a domain (no @)', count: 1, examples: ["u3: 'bob'"] },
      { title: 'duplicate usernames (case-insensitive)', count: 1, examples: ['ann@school.example: u1, u2'] },
      { title: 'enrollments pointing at classes not in /classes', count: 1, examples: ['e2 → gone'] },
    ]);
    const many = sweepWarnings({ users: users.map((u) => ({ ...u, orgs: [] })) });
    expect(many.find((w) => w.title.startsWith('user.orgs:'))).toMatchObject({
      count: 8,
      examples: ["u1: ''", "u2: ''", "u3: ''", "u4: ''", "u5: ''"],
      hint: expect.stringContaining('https://learn.microsoft.com/'),
    });
  });
});
