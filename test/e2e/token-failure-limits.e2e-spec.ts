import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientsService, IssuedCredentials } from '../../src/auth/clients.service';
import { UNTRUSTED_PROXY_WARNING } from '../../src/logging/untrusted-proxy-warning';
import { MovableClock } from '../support/movable-clock';
import { startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

const TOKEN = '/oauth/token';
const LIMITS = { TOKEN_FAILURES_PER_CLIENT: '3', TOKEN_FAILURES_PER_ADDRESS: '5' };
// 5 min 20 s into a 15-minute failure window, standing still: every 429 waits 580 s.
const insideOneWindow = () => new MovableClock(new Date('2026-11-23T10:05:20.000Z'));
const SDS_ADDRESS = '198.51.100.20';
const CLEAN_ADDRESS = '192.0.2.30';
const slowDown = { error: 'slow_down', error_description: 'too many failed token requests; retry in 580 s' };

// TRUST_PROXY=loopback: supertest's requests come from loopback, so X-Forwarded-For names each request's address.
describe('token failure limits: per client id at an address, and per address for wrong credentials only', () => {
  let t: TestApp;
  let clients: ClientsService;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback', ...LIMITS }, undefined, insideOneWindow());
    clients = t.app.get(ClientsService);
  });
  afterAll(() => t?.close());

  const tokenRequest = (address: string, clientId: string, secret: string) =>
    t.anonymous
      .post(TOKEN)
      .set('X-Forwarded-For', address)
      .auth(clientId, secret)
      .type('form')
      .send('grant_type=client_credentials');
  const rightSecret = (address: string, client: IssuedCredentials) =>
    tokenRequest(address, client.clientId, client.clientSecret);
  const guessesAtUnknownIds = async (address: string) => {
    for (let n = 0; n < 5; n++) await tokenRequest(address, `guess-${n}`, 'wrong').expect(401);
  };

  it("refuses an address that guesses a known client id's secret past the limit; the rightful client still gets its token", async () => {
    const sds = await clients.create(TEST_TENANT, 'sds');
    const attacker = '203.0.113.10';
    for (let n = 0; n < 3; n++) await tokenRequest(attacker, sds.clientId, `wrong-${n}`).expect(401);
    const refused = await tokenRequest(attacker, sds.clientId, 'wrong-3').expect(429);
    expect(refused.body).toEqual(slowDown);
    expect(refused.headers['retry-after']).toBe('580');
    await rightSecret(attacker, sds).expect(429); // blocked there before its secret is checked
    await rightSecret(SDS_ADDRESS, sds).expect(200);
    await tokenRequest(SDS_ADDRESS, sds.clientId, 'wrong').expect(401); // its own allowance is whole
  });

  it('refuses the guessing address for other client ids past the per-address limit; right secrets still work, from a clean address and from that one', async () => {
    const sds = await clients.create(TEST_TENANT, 'sds');
    const attacker = '203.0.113.20';
    await guessesAtUnknownIds(attacker);
    expect((await tokenRequest(attacker, 'guess-5', 'wrong').expect(429)).body).toEqual(slowDown);
    await tokenRequest(attacker, sds.clientId, 'wrong').expect(429);
    await rightSecret(CLEAN_ADDRESS, sds).expect(200);
    await rightSecret(attacker, sds).expect(200); // the address's limit refuses failed or unknown credentials only
    await t.anonymous
      .post(TOKEN)
      .set('X-Forwarded-For', attacker)
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: sds.clientId, client_secret: sds.clientSecret })
      .expect(200);
  });

  it('still bounds guessing a known client id from a blocked address: its own limit there is reached, then even its right secret waits', async () => {
    const sds = await clients.create(TEST_TENANT, 'sds');
    const attacker = '203.0.113.30';
    await guessesAtUnknownIds(attacker);
    for (let n = 0; n < 3; n++) await tokenRequest(attacker, sds.clientId, `wrong-${n}`).expect(429);
    await rightSecret(attacker, sds).expect(429);
    await rightSecret(CLEAN_ADDRESS, sds).expect(200);
  });

  it('refuses a revoked client at a blocked address as it does an unknown one', async () => {
    const revoked = await clients.create(TEST_TENANT, 'revoked');
    await clients.revoke(revoked.clientId);
    const attacker = '203.0.113.40';
    await rightSecret('192.0.2.40', revoked).expect(401);
    await guessesAtUnknownIds(attacker);
    expect((await rightSecret(attacker, revoked).expect(429)).body).toEqual(slowDown);
  });
});

describe('X-Forwarded-For from a proxy that is not trusted', () => {
  const lines: string[] = [];
  const proxyWarnings = () =>
    lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === UNTRUSTED_PROXY_WARNING);
  // One app at a time: passport keeps the strategies of the app made last, with that app's database.
  const startLoggingApp = (env: Record<string, string>) =>
    startTestApp({ LOG_LEVEL: 'warn', ...env }, { write: (line: string) => void lines.push(line) });
  afterEach(() => void (lines.length = 0));

  it('is warned of once, when TRUST_PROXY is false: every client seems to come from the proxy', async () => {
    const t = await startLoggingApp({});
    try {
      await t.anonymous.get('/health').expect(200);
      expect(proxyWarnings()).toEqual([]);
      for (const address of ['203.0.113.1', '203.0.113.2'])
        await t.anonymous.get('/health').set('X-Forwarded-For', address).expect(200);
      await t.anonymous
        .post(TOKEN)
        .set('X-Forwarded-For', '203.0.113.3')
        .auth(t.credentials.clientId, t.credentials.clientSecret)
        .type('form')
        .send('grant_type=client_credentials')
        .expect(200);
      expect(proxyWarnings()).toEqual([
        expect.objectContaining({ level: 40, proxyAddress: expect.stringMatching(/127\.0\.0\.1$/) }),
      ]);
      expect(UNTRUSTED_PROXY_WARNING).toContain("every client seems to come from the proxy's address");
      expect(UNTRUSTED_PROXY_WARNING).toContain('Set TRUST_PROXY');
    } finally {
      await t.close();
    }
  });

  it('is not warned of when TRUST_PROXY names the proxy', async () => {
    const t = await startLoggingApp({ TRUST_PROXY: 'loopback' });
    try {
      await t.anonymous.get('/health').set('X-Forwarded-For', '203.0.113.1').expect(200);
      expect(proxyWarnings()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
