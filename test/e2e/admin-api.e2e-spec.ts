import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { TenantScopeService } from '../../src/publication/tenant-scope.service';
import { ADMIN, adminAgent, problem } from '../support/admin';
import { FIXTURES } from '../support/bundles';
import { cliOn, expectUsageError, jsonOf } from '../support/cli';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor } from '../support/test-app';

describe('the admin API (/admin/v1)', () => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminAgent(t);
    await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'));
  });
  afterAll(() => t?.close());

  describe('who may use it', () => {
    it('refuses a request without a token, as problem details', async () => {
      const res = await t.anonymous.get(`${ADMIN}/tenants`).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual(problem(401, /admin access token is required/));
    });

    it("refuses a rostering client's token", async () => {
      const res = await t.http.get(`${ADMIN}/tenants`).expect(403);
      expect(res.body).toEqual(problem(403, /rostering client cannot use the admin API/));
    });

    it("refuses an admin client's token on every rostering route", async () => {
      const res = await admin.get(`${API}/users`).expect(401);
      expect(JSON.stringify(res.body)).toContain('unauthorisedrequest');
      await admin.get(`${API}/orgs`).expect(401);
    });

    it('needs admin.write to change anything: an admin.read token can only read', async () => {
      const reader = await adminAgent(t, ['admin.read']);
      await reader.get(`${ADMIN}/tenants`).expect(200);
      const res = await reader.post(`${ADMIN}/tenants`).send({ id: 'other', name: 'Other' }).expect(403);
      expect(res.body).toEqual(problem(403, 'This route needs the admin scope admin.write'));
    });

    it('grants an admin client its own scopes only, and never a rostering scope', async () => {
      const { ClientsService } = await import('../../src/auth/clients.service');
      const credentials = await t.app.get(ClientsService).createAdmin('reader', ['admin.read']);
      const token = await t.anonymous
        .post('/oauth/token')
        .auth(credentials.clientId, credentials.clientSecret)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      expect(token.body.scope).toBe('admin.read');
      const refused = await t.anonymous
        .post('/oauth/token')
        .auth(credentials.clientId, credentials.clientSecret)
        .type('form')
        .send({ grant_type: 'client_credentials', scope: 'admin.write' })
        .expect(400);
      expect(refused.body.error).toBe('invalid_scope');
      await tokenFor(t.anonymous, credentials, 'admin.read');
    });
  });

  it('clients create --admin --scopes issues an admin client whose token reaches /admin/v1 only', async () => {
    const cli = cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'admin-cli-')));
    const issued = jsonOf<{ clientId: string; clientSecret: string; scopes: string[] }>(
      await cli(['clients', 'create', '--admin', '--scopes', 'admin.read,import', '--name', 'SIS push', '--json']),
    );
    expect(issued.scopes).toEqual(['admin.read', 'import']);
    const token = await tokenFor(t.anonymous, issued);
    await t.anonymous.get(`${ADMIN}/feeds`).set('Authorization', `Bearer ${token}`).expect(200);
    await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(401);
    expectUsageError(await cli(['clients', 'create', '--admin', '--tenant', TEST_TENANT]), /belongs to no tenant/);
    expectUsageError(await cli(['clients', 'create', '--admin', '--scopes', 'root']), /--scopes takes one or more of/);
  });

  describe('tenants', () => {
    it('creates, shows, updates and lists tenants with the CLI service', async () => {
      const created = await admin
        .post(`${ADMIN}/tenants`)
        .send({ id: 'brugge', name: 'Brugge', allOrgs: true })
        .expect(201);
      expect(created.body).toMatchObject({ id: 'brugge', name: 'Brugge', allOrgs: true });
      const updated = await admin.patch(`${ADMIN}/tenants/brugge`).send({ demographicsEnabled: true }).expect(200);
      expect(updated.body).toMatchObject({ id: 'brugge', demographicsEnabled: true });
      expect((await admin.get(`${ADMIN}/tenants/brugge`).expect(200)).body).toEqual(updated.body);
      const ids = (await admin.get(`${ADMIN}/tenants`).expect(200)).body.map((tenant: { id: string }) => tenant.id);
      expect(ids).toEqual(expect.arrayContaining(['brugge', TEST_TENANT]));
    });

    it('answers 404 for an unknown tenant, 409 for an existing id, 400 for an unknown setting', async () => {
      expect((await admin.get(`${ADMIN}/tenants/nope`).expect(404)).body).toEqual(
        problem(404, "no tenant 'nope' (see: tenants list)"),
      );
      await admin.post(`${ADMIN}/tenants`).send({ id: TEST_TENANT, name: 'Again', allOrgs: true }).expect(409);
      const res = await admin.patch(`${ADMIN}/tenants/${TEST_TENANT}`).send({ colour: 'blue' }).expect(400);
      expect(res.body).toEqual(problem(400, 'property colour should not exist'));
    });
    it("publishes a tenant change whole: a rostering read during the change's transaction sees the state before", async () => {
      const scopes = t.app.get(TenantScopeService);
      const derive = scopes.derive.bind(scopes);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let derived!: () => void;
      const inside = new Promise<void>((resolve) => (derived = resolve));
      scopes.derive = async (...args) => {
        const result = await derive(...args);
        derived();
        await gate;
        return result;
      };
      const titles = async () =>
        (await t.http.get(`${API}/classes?limit=1000&fields=sourcedId,title`).expect(200)).body.classes;
      const before = await titles();
      const { classTitleFormat } = (await admin.get(`${ADMIN}/tenants/${TEST_TENANT}`).expect(200)).body;
      try {
        const update = admin
          .patch(`${ADMIN}/tenants/${TEST_TENANT}`)
          .send({ classTitleFormat: '{classTitle} - {schoolName}' })
          .then((res) => res);
        await inside;
        expect(await titles()).toEqual(before);
        release();
        expect((await update).status).toBe(200);
      } finally {
        release();
        scopes.derive = derive;
      }
      expect((await titles())[0].title).toBe(`${before[0].title} - Sint-Jozefscollege`);
      await admin.patch(`${ADMIN}/tenants/${TEST_TENANT}`).send({ classTitleFormat }).expect(200);
    });
  });

  describe('clients', () => {
    it('creates a rostering client whose secret gets a token, rotates and revokes it', async () => {
      const created = await admin.post(`${ADMIN}/clients`).send({ tenant: TEST_TENANT, name: 'SDS' }).expect(201);
      const credentials = created.body as { clientId: string; clientSecret: string };
      await tokenFor(t.anonymous, credentials);
      const listed = (await admin.get(`${ADMIN}/clients?tenant=${TEST_TENANT}`).expect(200)).body;
      expect(listed).toContainEqual(expect.objectContaining({ clientId: credentials.clientId, kind: 'rostering' }));
      expect(JSON.stringify(listed)).not.toMatch(/secret_?hash|secretHash/i);
      const rotated = await admin.post(`${ADMIN}/clients/${credentials.clientId}/rotate`).expect(200);
      await tokenFor(t.anonymous, { clientId: credentials.clientId, clientSecret: rotated.body.clientSecret });
      await admin
        .post(`${ADMIN}/clients/${credentials.clientId}/revoke`)
        .expect(200, { revoked: credentials.clientId });
      await admin.post(`${ADMIN}/clients/${credentials.clientId}/revoke`).expect(409);
      await admin.post(`${ADMIN}/clients/nope/rotate`).expect(404);
    });

    it('creates an admin client with its scopes, and refuses a tenant for it', async () => {
      const created = await admin
        .post(`${ADMIN}/clients`)
        .send({ admin: true, scopes: ['import'] })
        .expect(201);
      expect(created.body).toMatchObject({ scopes: ['import'], tenantId: '' });
      await admin.post(`${ADMIN}/clients`).send({ admin: true, tenant: TEST_TENANT }).expect(400);
      const bad = await admin
        .post(`${ADMIN}/clients`)
        .send({ admin: true, scopes: ['root'] })
        .expect(400);
      expect(bad.body.detail).toMatch(/admin\.read, admin\.write, import/);
    });
  });

  describe('feeds, imports and usernames', () => {
    it('lists feeds and imports, shows one, and refuses to approve one that is not held', async () => {
      const feeds = (await admin.get(`${ADMIN}/feeds`).expect(200)).body;
      expect(feeds).toEqual([
        expect.objectContaining({ feed: 'default', lastImport: expect.objectContaining({ state: 'applied' }) }),
      ]);
      const [last] = (await admin.get(`${ADMIN}/imports`).expect(200)).body;
      expect((await admin.get(`${ADMIN}/imports/${last.id}`).expect(200)).body).toMatchObject({
        id: last.id,
        state: 'applied',
      });
      expect((await admin.post(`${ADMIN}/imports/${last.id}/approve`).expect(409)).body).toEqual(
        problem(409, `import ${last.id} is applied, not held`),
      );
      await admin.get(`${ADMIN}/imports/nope`).expect(404);
    });

    it('downloads the username review CSV and plans changes', async () => {
      const review = await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/usernames/review`).expect(200);
      expect(review.headers['content-type']).toMatch(/^text\/csv/);
      expect(review.text.split('\n')[0]).toMatch(/^\ufeffID,Office365 username,/);
      expect((await admin.get(`${ADMIN}/tenants/${TEST_TENANT}/usernames/changes`).expect(200)).body).toEqual([]);
      const upload = await admin
        .put(`${ADMIN}/tenants/${TEST_TENANT}/usernames/review`)
        .set('Content-Type', 'text/csv')
        .send(review.text)
        .expect(200);
      expect(upload.body).toMatchObject({ corrected: 0 });
    });
  });
});
