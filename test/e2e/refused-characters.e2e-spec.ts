import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService } from '../../src/auth/clients.service';
import { seedSmallBoard } from '../support/small-board';
import { expectedStatusInfo } from '../support/status-info';
import { API, startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

const FAILURES_PER_CLIENT = 3;
const TOKEN = '/oauth/token';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const invalidClient = { error: 'invalid_client', error_description: expect.any(String) };

/** [request, codeMinor]: a C0 control in a path parameter or any query parameter is 400, on every database. */
const REFUSED: [string, string][] = [
  ['/orgs/dis%00trict', 'invaliddata'],
  ['/users/%01', 'invaliddata'],
  ['/schools/school-1%00/classes', 'invaliddata'],
  ['/schools/school-1/classes/class-1%00/students', 'invaliddata'],
  ["/orgs?filter=name%3D'Atheneum%00Zuid'", 'invalid_filter_field'],
  ["/orgs?filter=name%3D'Atheneum%09Zuid'", 'invalid_filter_field'],
  ["/users?filter=givenName~'a%0Ab'", 'invalid_filter_field'],
  ['/orgs?sort=name%00', 'invaliddata'],
  ['/orgs?orderBy=asc%00', 'invaliddata'],
  ['/orgs?limit=5%1F', 'invaliddata'],
  ['/orgs?fields=sourcedId%00', 'invalid_selection_field'],
  ['/orgs/district?fields=name%0D', 'invalid_selection_field'],
  ['/orgs?unknown=%00', 'invaliddata'],
  ['/orgs?unk%00nown=1', 'invaliddata'],
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ TOKEN_FAILURES_PER_CLIENT: String(FAILURES_PER_CLIENT) });
  await seedSmallBoard(t.dataSource);
});
afterAll(() => t?.close());

describe('ids and query parameters with control characters', () => {
  it.each(REFUSED)('GET %s is 400 %s', async (path, codeMinor) => {
    const res = await t.http.get(`${API}${path}`).expect(400);
    expect(res.body).toEqual(expectedStatusInfo(codeMinor));
    expect(res.body.imsx_description).toMatch(/holds U\+00[01][0-9A-F] at position \d+: ids and query parameters/);
  });

  it('answers the same requests without the control character', async () => {
    await t.http.get(`${API}/orgs/district?fields=name`).expect(200);
    const res = await t.http.get(`${API}/orgs?filter=name%3D'Atheneum Zuid'&sort=name&fields=sourcedId`).expect(200);
    expect(res.body).toEqual({ orgs: [{ sourcedId: 'school-2' }] });
  });

  it('says where the character is', async () => {
    const res = await t.http.get(`${API}/orgs?filter=name%3D'a%00'`).expect(400);
    expect(res.body.imsx_description).toMatch(/^query parameter filter holds U\+0000 at position 7:/);
  });

  it('checks the token first: an anonymous request is 401 whatever it holds', async () => {
    const res = await t.anonymous.get(`${API}/orgs/%00`).expect(401);
    expect(res.body).toEqual(expectedStatusInfo('unauthorisedrequest'));
  });

  it('answers an id that is no UTF-8 (a lone surrogate as WTF-8) with 400 before any handler', async () => {
    const res = await t.http.get(`${API}/orgs/a%ED%A0%80`).expect(400);
    expect(res.body).toEqual(expectedStatusInfo('invaliddata'));
  });
});

describe('malformed client credentials at the token endpoint', () => {
  let clients: ClientsService;
  beforeAll(() => {
    clients = t.app.get(ClientsService);
  });

  const postForm = (body: Record<string, string>) =>
    t.anonymous
      .post(TOKEN)
      .type('form')
      .send({ grant_type: 'client_credentials', ...body });

  // Each case with a client of its own: more than FAILURES_PER_CLIENT failures of one client would be 429.
  it.each<[string, (id: string, secret: string) => [string, string]]>([
    ['a NUL in the id', (_id, secret) => ['a\u0000b', secret]],
    ['a NUL after a known id', (id, secret) => [`${id}\u0000`, secret]],
    ['a NUL in the secret', (id, secret) => [id, `${secret}\u0000`]],
    ['a control in the secret', (id, secret) => [id, `\u001f${secret}`]],
    ['a 256-character id', (_id, secret) => ['x'.repeat(256), secret]],
    ['a 256-character secret', (id) => [id, 'y'.repeat(256)]],
    ['a 90 KB secret', (id) => [id, 'y'.repeat(90_000)]],
  ])('answers %s with 401 invalid_client, in the body and with HTTP Basic', async (_case, credentials) => {
    const issued = await clients.create(TEST_TENANT, 'malformed');
    const [id, secret] = credentials(issued.clientId, issued.clientSecret);
    const post = await postForm({ client_id: id, client_secret: secret }).expect(401);
    expect(post.body).toEqual(invalidClient);
    if (secret.length < 1000) {
      const viaBasic = await postForm({}).set('Authorization', basic(id, secret)).expect(401);
      expect(viaBasic.body).toEqual(invalidClient);
    }
  });

  it('answers an escaped NUL in HTTP Basic (%00, as RFC 6749 form-encodes) with 401 invalid_client', async () => {
    const { clientId, clientSecret } = await clients.create(TEST_TENANT, 'escaped');
    const res = await postForm({})
      .set('Authorization', basic(`${clientId}%00`, clientSecret))
      .expect(401);
    expect(res.body).toEqual(invalidClient);
  });

  it('counts a malformed secret for a known client id: the next attempt, even a right one, is 429 slow_down', async () => {
    const { clientId, clientSecret } = await clients.create(TEST_TENANT, 'counted');
    for (let attempt = 0; attempt < FAILURES_PER_CLIENT; attempt++) {
      await postForm({ client_id: clientId, client_secret: `${clientSecret}\u0000` }).expect(401);
    }
    const blocked = await postForm({}).set('Authorization', basic(clientId, clientSecret)).expect(429);
    expect(blocked.body).toEqual({ error: 'slow_down', error_description: expect.any(String) });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts a client id with a NUL in it as any other client id', async () => {
    for (let attempt = 0; attempt < FAILURES_PER_CLIENT; attempt++) {
      await postForm({ client_id: 'nul\u0000id', client_secret: 'whatever' }).expect(401);
    }
    const blocked = await postForm({ client_id: 'nul\u0000id', client_secret: 'whatever' }).expect(429);
    expect(blocked.body.error).toBe('slow_down');
  });

  it('refuses to create a client with a secret longer than the token endpoint reads', async () => {
    await expect(clients.create(TEST_TENANT, 'long', 's'.repeat(256))).rejects.toThrow(/at most 255 characters/);
  });
});
