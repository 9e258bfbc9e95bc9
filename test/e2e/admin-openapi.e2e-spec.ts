import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { ADMIN, adminAgent } from '../support/admin';
import { FIXTURES, withoutOnePupil, zipBundle } from '../support/bundles';
import { readCommittedDocument, ResponseContract } from '../support/openapi-contract';
import { startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

const contract = new ResponseContract(readCommittedDocument());
type Method = 'get' | 'post' | 'put' | 'patch';
const OPERATIONS = Object.entries(contract.document.paths)
  .filter(([path]) => path.startsWith(`${ADMIN}/`) || path === '/metrics')
  .flatMap(([path, operations]) => Object.keys(operations).map((method) => [method as Method, path] as const));

/** 429 has tests of its own (rate-limits): every other declared status must be seen here. */
const NOT_PROVOKED_HERE = ['429'];

describe('every admin API response matches what the committed OpenAPI document declares', () => {
  let t: TestApp;
  let admin: TestAgent;
  const seen = new Map<string, Set<string>>();

  /** Sends one request to an operation, checks the answer against the document and records its status. */
  async function call(method: Method, template: string, url: string, send?: (req: Test) => Test) {
    const req = admin[method](url);
    const res = await (send ? send(req) : req);
    expect(contract.problems(method, template, res, false), `${method} ${url}`).toEqual([]);
    saw(method, template, res.status);
    return res;
  }

  function saw(method: Method, template: string, status: number) {
    const key = `${method} ${template}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(String(status)));
  }

  beforeAll(async () => {
    t = await startTestApp({
      IMPORT_UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'uploads-')),
      IMPORT_UPLOAD_MAX_MB: '1',
      IMPORT_GUARD_PERCENT: '20',
      IMPORT_GUARD_MINIMUM: '0',
    });
    admin = await adminAgent(t);
    await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'));
  });
  afterAll(() => t?.close());

  it.each(OPERATIONS)('%s %s: 401 without a token, 403 with a rostering token', async (method, template) => {
    const url = template.replace(/\{[^}]+\}/g, 'x');
    const anonymous = await t.anonymous[method](url);
    const rostering = await t.http[method](url);
    expect([anonymous.status, rostering.status]).toEqual([401, 403]);
    for (const res of [anonymous, rostering]) expect(contract.problems(method, template, res, false)).toEqual([]);
    saw(method, template, anonymous.status);
    saw(method, template, rostering.status);
  });

  it('tenants and clients: every declared answer', async () => {
    const tenants = `${ADMIN}/tenants`;
    await call('get', tenants, tenants);
    await call('post', tenants, tenants, (r) => r.send({ id: 'brugge', name: 'Brugge', allOrgs: true }));
    await call('post', tenants, tenants, (r) => r.send({ id: 'brugge', name: 'Again', allOrgs: true }));
    await call('post', tenants, tenants, (r) => r.send({ id: 'Not An Id', name: 'x' }));
    const one = `${tenants}/{tenantId}`;
    await call('get', one, `${tenants}/brugge`);
    await call('get', one, `${tenants}/nope`);
    await call('patch', one, `${tenants}/brugge`, (r) => r.send({ demographicsEnabled: true }));
    await call('patch', one, `${tenants}/brugge`, (r) => r.send({ colour: 'blue' }));
    await call('patch', one, `${tenants}/nope`, (r) => r.send({ name: 'x' }));

    const clients = `${ADMIN}/clients`;
    await call('get', clients, clients);
    const created = await call('post', clients, clients, (r) => r.send({ tenant: 'brugge', name: 'SDS' }));
    await call('post', clients, clients, (r) => r.send({ tenant: 'nope' }));
    for (const action of ['rotate', 'revoke']) {
      const template = `${clients}/{clientId}/${action}`;
      await call('post', template, `${clients}/nope/${action}`);
      if (action === 'rotate') await call('post', template, `${clients}/${created.body.clientId}/${action}`);
    }
    await call('post', `${clients}/{clientId}/revoke`, `${clients}/${created.body.clientId}/revoke`);
    for (const action of ['rotate', 'revoke'])
      await call('post', `${clients}/{clientId}/${action}`, `${clients}/${created.body.clientId}/${action}`);
  });

  it('pushes, imports, feeds: every declared answer', async () => {
    const push = `${ADMIN}/feeds/{feed}/imports`;
    const zip = readFileSync(await zipBundle(withoutOnePupil()));
    const pushed = await call('post', push, `${ADMIN}/feeds/default/imports`, (r) =>
      r.set('Content-Type', 'application/zip').send(zip),
    );
    await call('post', push, `${ADMIN}/feeds/default/imports`, (r) =>
      r.set('Content-Type', 'application/zip').send(Buffer.from('not a zip')),
    );
    await call('post', push, `${ADMIN}/feeds/default/imports`, (r) =>
      r.set('Content-Type', 'application/zip').send(Buffer.alloc(2 * 1024 * 1024)),
    );
    await call('post', push, `${ADMIN}/feeds/default/imports`, (r) => r.set('Content-Type', 'text/plain').send('x'));

    const imports = `${ADMIN}/imports`;
    const one = `${imports}/{importId}`;
    const settled = async (id: string) => {
      for (;;) {
        const { status } = (await call('get', one, `${imports}/${id}`)).body;
        if (status !== 'queued' && status !== 'running') return status;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    expect(await settled(pushed.body.id)).toBe('held');
    await call('get', imports, imports);
    await call('get', one, `${imports}/nope`);
    await call('get', `${ADMIN}/feeds`, `${ADMIN}/feeds`);
    for (const action of ['discard', 'approve']) {
      const template = `${one}/${action}`;
      const held =
        action === 'discard'
          ? pushed
          : await admin.post(`${ADMIN}/feeds/default/imports`).type('application/zip').send(zip);
      expect(await settled(held.body.id)).toBe('held');
      await call('post', template, `${imports}/nope/${action}`);
      await call('post', template, `${imports}/${held.body.id}/${action}`);
      await call('post', template, `${imports}/${held.body.id}/${action}`);
    }
  });

  it('usernames, sync and access log: every declared answer', async () => {
    const base = `${ADMIN}/tenants/{tenantId}`;
    const review = await call('get', `${base}/usernames/review`, `${ADMIN}/tenants/${TEST_TENANT}/usernames/review`);
    await call('get', `${base}/usernames/review`, `${ADMIN}/tenants/nope/usernames/review`);
    for (const [tenant, file] of [
      [TEST_TENANT, review.text],
      ['nope', review.text],
      [TEST_TENANT, 'not,a review\n'],
    ])
      await call('put', `${base}/usernames/review`, `${ADMIN}/tenants/${tenant}/usernames/review`, (r) =>
        r.set('Content-Type', 'text/csv').send(file),
      );
    const entra = 'userPrincipalName,displayName\nbart.swings@school.be,Bart Swings\n';
    for (const [tenant, file] of [
      [TEST_TENANT, entra],
      ['nope', entra],
      [TEST_TENANT, 'no,entra\n'],
    ])
      await call('put', `${base}/usernames/reservations`, `${ADMIN}/tenants/${tenant}/usernames/reservations`, (r) =>
        r.set('Content-Type', 'text/csv').send(file),
      );
    for (const method of ['get', 'post'] as const)
      for (const tenant of [TEST_TENANT, 'nope'])
        await call(method, `${base}/usernames/changes`, `${ADMIN}/tenants/${tenant}/usernames/changes`);
    await call('get', '/metrics', '/metrics');
    for (const tenant of [TEST_TENANT, 'nope']) await call('get', `${base}/sync`, `${ADMIN}/tenants/${tenant}/sync`);
    for (const query of ['', '?from=yesterday']) {
      await call('get', `${base}/access-log`, `${ADMIN}/tenants/${TEST_TENANT}/access-log${query}`);
      await call(
        'get',
        `${base}/access-log/reads/{sourcedId}`,
        `${ADMIN}/tenants/${TEST_TENANT}/access-log/reads/usr-s-1${query}`,
      );
    }
  });

  it('saw every declared status of every admin operation but 429', () => {
    const unseen = OPERATIONS.flatMap(([method, template]) =>
      Object.keys(contract.operation(method, template).responses)
        .filter((status) => !NOT_PROVOKED_HERE.includes(status) && !seen.get(`${method} ${template}`)?.has(status))
        .map((status) => `${method} ${template} ${status}`),
    );
    expect(unseen).toEqual([]);
  });
});
