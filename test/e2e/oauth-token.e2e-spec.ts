import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.factory';
import { ApiClientEntity } from '../../src/auth/api-client.entity';
import { ClientsService } from '../../src/auth/clients.service';
import { TokenSigner } from '../../src/auth/token-signer';
import { SCOPES } from '../../src/oneroster/security/oauth-scopes';
import { TenantsService } from '../../src/tenants/tenants.service';
import { MovableClock } from '../support/movable-clock';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TEST_TENANT, TestApp, tokenFor } from '../support/test-app';

const TOKEN = '/oauth/token';
const ALL_SCOPES = `${SCOPES.rosterCore} ${SCOPES.roster} ${SCOPES.demographics}`;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const oauthError = (error: string) => ({ error, error_description: expect.any(String) });

describe('POST /oauth/token (RFC 6749 §4.4 client credentials)', () => {
  let t: TestApp;
  let id: string;
  let secret: string;
  beforeAll(async () => {
    t = await startTestApp();
    ({ clientId: id, clientSecret: secret } = t.credentials);
  });
  afterAll(() => t?.close());

  it('issues a bearer token to HTTP Basic client authentication, with no-store caching and every scope by default', async () => {
    const res = await t.anonymous
      .post(TOKEN)
      .set('Authorization', basic(id, secret))
      .type('form')
      .send('grant_type=client_credentials')
      .expect(200);
    expect(res.body).toEqual({
      // signed claims, then a 32-byte HMAC-SHA256
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: ALL_SCOPES,
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    const client = await t.dataSource.getRepository(ApiClientEntity).findOneByOrFail({ clientId: id });
    expect(Date.now() - Date.parse(client.lastTokenAt!)).toBeLessThan(60_000);
  });

  it('accepts client_secret_post as well', async () => {
    const res = await t.anonymous
      .post(TOKEN)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: id, client_secret: secret })
      .expect(200);
    expect(res.body.token_type).toBe('Bearer');
  });

  it('answers a wrong secret, an unknown client or a malformed Basic header with 401 invalid_client and a Basic challenge', async () => {
    for (const authorization of [
      basic(id, `${secret}x`),
      basic('nobody', secret),
      'Basic %%%',
      'Basic',
      'Bearer abc',
    ]) {
      const res = await t.anonymous
        .post(TOKEN)
        .set('Authorization', authorization)
        .type('form')
        .send('grant_type=client_credentials');
      expect(res.status, authorization).toBe(401);
      expect(res.body).toEqual(oauthError('invalid_client'));
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="oneroster"/);
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const post = await t.anonymous
      .post(TOKEN)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: id, client_secret: 'wrong' });
    expect([post.status, post.body]).toEqual([401, oauthError('invalid_client')]);
    const none = await t.anonymous.post(TOKEN).type('form').send({ grant_type: 'client_credentials' });
    expect([none.status, none.body]).toEqual([401, oauthError('invalid_client')]);
  });

  it('refuses two client authentication methods at once (§2.3)', async () => {
    const res = await t.anonymous
      .post(TOKEN)
      .set('Authorization', basic(id, secret))
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: id, client_secret: secret });
    expect([res.status, res.body]).toEqual([400, oauthError('invalid_request')]);
  });

  it('refuses malformed requests with invalid_request or unsupported_grant_type', async () => {
    const cases: [string, () => request.Test, number, string][] = [
      [
        'no grant_type',
        () => t.anonymous.post(TOKEN).set('Authorization', basic(id, secret)).type('form').send('scope='),
        400,
        'invalid_request',
      ],
      ['no body', () => t.anonymous.post(TOKEN).set('Authorization', basic(id, secret)), 400, 'invalid_request'],
      [
        'JSON body',
        () =>
          t.anonymous.post(TOKEN).set('Authorization', basic(id, secret)).send({ grant_type: 'client_credentials' }),
        400,
        'invalid_request',
      ],
      [
        'malformed JSON',
        () =>
          t.anonymous
            .post(TOKEN)
            .set('Authorization', basic(id, secret))
            .set('Content-Type', 'application/json')
            .send('{"grant_type":'),
        400,
        'invalid_request',
      ],
      [
        'text body',
        () =>
          t.anonymous
            .post(TOKEN)
            .set('Authorization', basic(id, secret))
            .type('text')
            .send('grant_type=client_credentials'),
        400,
        'invalid_request',
      ],
      [
        'repeated grant_type',
        () =>
          t.anonymous
            .post(TOKEN)
            .set('Authorization', basic(id, secret))
            .type('form')
            .send('grant_type=client_credentials&grant_type=client_credentials'),
        400,
        'invalid_request',
      ],
      [
        'repeated scope',
        () =>
          t.anonymous
            .post(TOKEN)
            .set('Authorization', basic(id, secret))
            .type('form')
            .send(`grant_type=client_credentials&scope=a&scope=b`),
        400,
        'invalid_request',
      ],
      [
        'password grant',
        () =>
          t.anonymous
            .post(TOKEN)
            .set('Authorization', basic(id, secret))
            .type('form')
            .send('grant_type=password&username=a&password=b'),
        400,
        'unsupported_grant_type',
      ],
    ];
    for (const [name, send, status, error] of cases) {
      const res = await send();
      expect([name, res.status, res.body]).toEqual([name, status, oauthError(error)]);
      expect(res.headers['cache-control'], name).toBe('no-store');
    }
  });

  it('grants a requested subset of scopes, and answers invalid_scope for anything else', async () => {
    const core = await t.anonymous
      .post(TOKEN)
      .set('Authorization', basic(id, secret))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: `${SCOPES.rosterCore}  ${SCOPES.rosterCore}` })
      .expect(200);
    expect(core.body.scope).toBe(SCOPES.rosterCore);
    for (const scope of [
      'roster.readonly',
      'https://purl.imsglobal.org/spec/or/v1p1/scope/gradebook.readonly',
      `${SCOPES.roster} https://example.org/x`,
    ]) {
      const res = await t.anonymous
        .post(TOKEN)
        .set('Authorization', basic(id, secret))
        .type('form')
        .send({ grant_type: 'client_credentials', scope });
      expect([scope, res.status, res.body]).toEqual([scope, 400, oauthError('invalid_scope')]);
    }
  });

  it('takes a secret with ":" and "%" in HTTP Basic, form-urlencoded (RFC 6749 §2.3.1) or raw', async () => {
    const odd = 'pa:ss%word+with/odd:chars%41-0123456789abcdef';
    const client = await t.app.get(ClientsService).create(TEST_TENANT, 'odd secret', odd);
    const encoded = encodeURIComponent(odd);
    for (const form of [odd, encoded]) {
      const res = await t.anonymous
        .post(TOKEN)
        .set('Authorization', basic(client.clientId, form))
        .type('form')
        .send('grant_type=client_credentials');
      expect([form, res.status]).toEqual([form, 200]);
    }
    await t.anonymous
      .post(TOKEN)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: odd })
      .expect(200);
  });
});

describe('bearer tokens on the OneRoster routes (RFC 6750)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());
  afterEach(() => vi.useRealTimers());

  it('answers no token with 401 unauthorisedrequest and a bare Bearer challenge, on every kind of route', async () => {
    for (const path of ['/orgs', '/users/student-01', '/classes/class-1/students', '/demographics']) {
      const res = await t.anonymous.get(`${API}${path}`).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="oneroster"');
      expect(res.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
      expect(res.body.imsx_codeMajor).toBe('failure');
    }
  });

  it('answers an unknown or malformed token with 401 and error="invalid_token"', async () => {
    for (const authorization of ['Bearer not-a-token', 'Bearer', 'Basic abc', `Bearer ${'x'.repeat(5000)}`]) {
      const res = await t.anonymous.get(`${API}/orgs`).set('Authorization', authorization).expect(401);
      expect(res.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
      if (authorization.startsWith('Bearer ') && authorization.length > 7)
        expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="oneroster", error="invalid_token"/);
    }
  });

  it('refuses a signed token whose claims or signature were changed, or that another deployment signed', async () => {
    const token = await tokenFor(t.anonymous, t.credentials);
    const [body, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const otherTenant = Buffer.from(JSON.stringify({ ...claims, t: 'another-board' })).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    const foreign = new TokenSigner(randomBytes(32)).sign({
      clientId: claims.c,
      tenantId: claims.t,
      scopes: claims.s.split(' '),
      expiresAt: claims.e,
    });
    for (const forged of [`${otherTenant}.${signature}`, `${body}.${flipped}`, foreign, `${body}.${signature}.x`]) {
      const res = await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${forged}`).expect(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
    await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(200);
  });

  it('expires tokens after TOKEN_LIFETIME_SECONDS', async () => {
    const token = await tokenFor(t.anonymous, t.credentials);
    await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3601_000);
    const res = await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it("gives 403 forbidden for a route outside the token's scope", async () => {
    const core = await tokenFor(t.anonymous, t.credentials, SCOPES.rosterCore);
    await t.anonymous.get(`${API}/classes`).set('Authorization', `Bearer ${core}`).expect(200);
    const nested = await t.anonymous
      .get(`${API}/classes/class-1/students`)
      .set('Authorization', `Bearer ${core}`)
      .expect(403);
    expect(nested.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('forbidden');
    expect(nested.headers['www-authenticate']).toContain('error="insufficient_scope"');
    await t.anonymous.get(`${API}/demographics`).set('Authorization', `Bearer ${core}`).expect(403);
    const roster = await tokenFor(t.anonymous, t.credentials, SCOPES.roster);
    await t.anonymous.get(`${API}/classes/class-1/students`).set('Authorization', `Bearer ${roster}`).expect(200);
  });

  it('stops serving demographics at once when the tenant switches them off, and stops granting the scope', async () => {
    await t.http.get(`${API}/demographics/student-01`).expect(200);
    await t.app.get(TenantsService).update(TEST_TENANT, { demographicsEnabled: false });
    try {
      await t.http.get(`${API}/demographics/student-01`).expect(403);
      const res = await t.anonymous
        .post(TOKEN)
        .auth(t.credentials.clientId, t.credentials.clientSecret)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      expect(res.body.scope).toBe(`${SCOPES.rosterCore} ${SCOPES.roster}`);
      const asked = await t.anonymous
        .post(TOKEN)
        .auth(t.credentials.clientId, t.credentials.clientSecret)
        .type('form')
        .send({ grant_type: 'client_credentials', scope: SCOPES.demographics });
      expect([asked.status, asked.body.error]).toEqual([400, 'invalid_scope']);
    } finally {
      await t.app.get(TenantsService).update(TEST_TENANT, { demographicsEnabled: true });
    }
  });

  it("kills a revoked client's tokens at once, and keeps the previous secret working through a rotation", async () => {
    const clients = t.app.get(ClientsService);
    const client = await clients.create(TEST_TENANT, 'to revoke');
    const token = await tokenFor(t.anonymous, client);
    const rotated = await clients.rotate(client.clientId);
    await tokenFor(t.anonymous, client);
    await tokenFor(t.anonymous, rotated);
    await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(200);
    await clients.revoke(client.clientId);
    await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(401);
    await expect(tokenFor(t.anonymous, rotated)).rejects.toThrow(/401.*invalid_client/);
  });

  it('works across app instances sharing the database: a token from one serves on the other, a revocation in one is seen by both', async () => {
    const other = await createApp({
      env: { DATABASE_URL: t.db.url, DEMO_DATA: 'false', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: '' },
    });
    try {
      const client = await t.app.get(ClientsService).create(TEST_TENANT, 'shared');
      const token = await tokenFor(t.anonymous, client);
      await request(other.getHttpServer()).get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(200);
      await other.get(ClientsService).revoke(client.clientId);
      await t.anonymous.get(`${API}/orgs`).set('Authorization', `Bearer ${token}`).expect(401);
    } finally {
      await other.close();
    }
  });
});

// Limits count in fixed windows: a clock that stands still keeps each test inside one (rate-limits.e2e-spec.ts moves it).
const insideOneWindow = () => new MovableClock(new Date('2026-11-23T10:05:20.000Z'));

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(
      {
        TOKEN_FAILURES_PER_CLIENT: '3',
        TOKEN_FAILURES_PER_ADDRESS: '5',
        API_REQUESTS_PER_MINUTE: '60',
      },
      undefined,
      insideOneWindow(),
    );
  });
  afterAll(() => t?.close());

  it('blocks a client id at the address that failed for it, even with the right secret, with 429 and Retry-After', async () => {
    const { clientId, clientSecret } = t.credentials;
    for (let n = 0; n < 3; n++) {
      await t.anonymous
        .post(TOKEN)
        .auth(clientId, 'wrong')
        .type('form')
        .send('grant_type=client_credentials')
        .expect(401);
    }
    const res = await t.anonymous
      .post(TOKEN)
      .auth(clientId, clientSecret)
      .type('form')
      .send('grant_type=client_credentials')
      .expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error).toBe('slow_down');
  });

  it('blocks a source address that guesses many client ids, for wrong credentials only', async () => {
    const other = await t.app.get(ClientsService).create(TEST_TENANT, 'other');
    const tokenRequest = (clientId: string, secret: string) =>
      t.anonymous.post(TOKEN).auth(clientId, secret).type('form').send('grant_type=client_credentials');
    for (let n = 0; n < 2; n++) await tokenRequest(`guess-${n}`, 'wrong').expect(401);
    await tokenRequest('guess-2', 'wrong').expect(429);
    await tokenRequest(other.clientId, 'wrong').expect(429);
    await tokenRequest(other.clientId, other.clientSecret).expect(200);
  });

  it('answers a client over its request rate with 429 server_busy and Retry-After', async () => {
    let last = await t.http.get(`${API}/orgs?limit=1`);
    for (let n = 1; n <= 60 && last.status === 200; n++) last = await t.http.get(`${API}/orgs?limit=1`);
    expect(last.status).toBe(429);
    expect(last.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('server_busy');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { write: (line: string) => void lines.push(line) });
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  it('never carry a client secret or an access token, whichever way they were sent', async () => {
    const { clientId, clientSecret } = t.credentials;
    const token = await tokenFor(t.anonymous, t.credentials);
    await t.anonymous
      .post(TOKEN)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
      .expect(200);
    await t.anonymous
      .post(`${TOKEN}?client_secret=${clientSecret}`)
      .auth(clientId, clientSecret)
      .type('form')
      .send('grant_type=client_credentials');
    await t.anonymous
      .post(TOKEN)
      .auth(clientId, `${clientSecret}-wrong`)
      .type('form')
      .send('grant_type=client_credentials')
      .expect(401);
    await t.anonymous.get(`${API}/users?limit=1`).set('Authorization', `Bearer ${token}`).expect(200);
    await t.anonymous.get(`${API}/users`).set('Authorization', `Bearer ${token}x`).expect(401);
    const log = lines.join('');
    expect(log).toContain('"url":"/ims/oneroster/v1p1/users?limit=1"');
    expect(log).toContain(`"url":"${TOKEN}?[redacted]"`);
    for (const secret of [clientSecret, token, Buffer.from(`${clientId}:${clientSecret}`).toString('base64')])
      expect(log).not.toContain(secret);
  });

  it('name the request id, the API client and its tenant on each request line', async () => {
    const { clientId, clientSecret } = t.credentials;
    const token = await tokenFor(t.anonymous, t.credentials);
    await t.anonymous
      .get(`${API}/orgs?limit=1`)
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'sds-sweep-7')
      .expect(200);
    await t.anonymous
      .post(TOKEN)
      .auth(clientId, clientSecret)
      .set('X-Request-Id', 'sds-token-7')
      .type('form')
      .send('grant_type=client_credentials')
      .expect(200);
    await t.anonymous.get('/health').set('X-Request-Id', 'probe-7').expect(200);
    const requestLine = (id: string) =>
      lines.map((line) => JSON.parse(line)).find((entry) => entry.req?.id === id && entry.res);
    expect(requestLine('sds-sweep-7')).toMatchObject({ clientId, tenantId: TEST_TENANT, res: { statusCode: 200 } });
    expect(requestLine('sds-token-7')).toMatchObject({ clientId, tenantId: TEST_TENANT, res: { statusCode: 200 } });
    expect(requestLine('probe-7')).not.toHaveProperty('clientId');
  });
});

describe('rate limits behind a reverse proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback', TOKEN_FAILURES_PER_ADDRESS: '2' }, undefined, insideOneWindow());
  });
  afterAll(() => t?.close());

  it("counts failures per forwarded client address, so one school's guessing does not block another", async () => {
    const { clientId, clientSecret } = t.credentials;
    const from = (address: string) => t.anonymous.post(TOKEN).set('X-Forwarded-For', address).type('form');
    for (let n = 0; n < 2; n++)
      await from('203.0.113.7').auth(`guess-${n}`, 'wrong').send('grant_type=client_credentials').expect(401);
    await from('203.0.113.7').auth('guess-2', 'wrong').send('grant_type=client_credentials').expect(429);
    await from('198.51.100.9').auth('guess-2', 'wrong').send('grant_type=client_credentials').expect(401);
    await from('198.51.100.9').auth(clientId, clientSecret).send('grant_type=client_credentials').expect(200);
  });
});
