import { createServer } from 'node:net';
import { join } from 'node:path';
import type TestAgent from 'supertest/lib/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { adminAgent, problem } from '../support/admin';
import { FIXTURES } from '../support/bundles';
import { API, startTestApp, TestApp } from '../support/test-app';

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.]+(?:e[+-]?[0-9]+)?|NaN|[+-]Inf)$/i; // prom-client writes NaN as Nan: Prometheus reads it case-insensitively

/** Prometheus text exposition format: every line a HELP, a TYPE or a sample; the samples by name and labels. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n').filter(Boolean)) {
    if (/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, /^nan$/i.test(match[3]) ? NaN : Number(match[3]));
  }
  return samples;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('Prometheus metrics', () => {
  let t: TestApp;
  let admin: TestAgent;
  let port: number;
  const scrape = async () => parsePrometheus((await admin.get('/metrics').expect(200)).text);
  const USERS_200 = `oneroster_http_requests_total{route="${API}/users",method="GET",status="200"}`;

  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp({ METRICS_PORT: String(port) });
    admin = await adminAgent(t, ['admin.read']);
  });
  afterAll(() => t?.close());

  it('serves /metrics to an admin token only, as Prometheus text', async () => {
    expect((await t.anonymous.get('/metrics').expect(401)).body).toEqual(problem(401, /admin access token/));
    await t.http.get('/metrics').expect(403);
    const res = await admin.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(parsePrometheus(res.text).get('oneroster_process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
  });

  it('moves with requests, token failures and imports', async () => {
    const before = await scrape();
    await t.http.get(`${API}/users`).expect(200);
    await t.http.get(`${API}/users`).expect(200);
    await t.anonymous
      .post('/oauth/token')
      .auth('nobody', 'wrong')
      .type('form')
      .send({ grant_type: 'client_credentials' });
    await t.app.get(BundleImporter).importBundle(join(FIXTURES, 'base'));
    const after = await scrape();
    expect((after.get(USERS_200) ?? 0) - (before.get(USERS_200) ?? 0)).toBe(2);
    expect(
      after.get(`oneroster_http_request_duration_seconds_count{route="${API}/users",method="GET"}`),
    ).toBeGreaterThanOrEqual(2);
    expect(
      (after.get('oneroster_token_failures_total') ?? 0) - (before.get('oneroster_token_failures_total') ?? 0),
    ).toBe(1);
    expect(after.get('oneroster_import_rows_total{file="users",outcome="inserted"}')).toBe(5);
    expect(after.get('oneroster_import_duration_seconds_count{state="applied"}')).toBe(1);
    expect(after.get('oneroster_feed_last_published_timestamp_seconds{feed="default"}')).toBeGreaterThan(
      Date.now() / 1000 - 600,
    );
    expect(after.get('oneroster_imports{state="held"}')).toBe(0);
    expect(after.get('oneroster_sync_warning{tenant="test-board"}')).toBe(1);
  });

  it('serves the same on METRICS_PORT without a token', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(parsePrometheus(await res.text()).has(USERS_200)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});
