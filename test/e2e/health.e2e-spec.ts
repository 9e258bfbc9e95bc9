import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, startTestApp, TestApp } from '../support/test-app';

describe('health probes and security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers liveness with 200 {"status":"ok"}, without credentials', async () => {
    const res = await t.anonymous.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers readiness with 200 when the database answers and is fully migrated', async () => {
    const res = await t.anonymous.get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers readiness with 503 and a reason while a migration is pending', async () => {
    // On PostgreSQL each test file has its own schema, which holds its migrations table.
    const schema = (t.dataSource.options as { schema?: string }).schema;
    const name = t.dataSource.options.migrationsTableName ?? 'migrations';
    const table = schema ? `${schema}.${name}` : name;
    const latest = await t.dataSource
      .createQueryBuilder()
      .select(['m.id AS id', 'm.timestamp AS timestamp', 'm.name AS name'])
      .from(table, 'm')
      .orderBy('m.timestamp', 'DESC')
      .limit(1)
      .getRawOne<{ id: number; timestamp: number; name: string }>();
    await t.dataSource
      .createQueryBuilder()
      .delete()
      .from(table)
      .where('name = :name', { name: latest!.name })
      .execute();
    try {
      const res = await t.anonymous.get('/health/ready').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', reason: 'database migrations are pending' });
    } finally {
      await t.dataSource.createQueryBuilder().insert().into(table).values(latest!).execute();
    }
    await t.anonymous.get('/health/ready').expect(200);
  });

  it('sends helmet headers and a CSP that loads nothing on OneRoster routes, next to X-Request-Id', async () => {
    const res = await t.http.get(`${API}/orgs`).set('X-Request-Id', 'req-42').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['x-request-id']).toBe('req-42');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves Swagger UI at /docs/ with a CSP that lets its scripts, inline styles and API calls run', async () => {
    await t.anonymous.get('/docs').expect(301).expect('Location', '/docs/');
    const page = await t.anonymous.get('/docs/').expect(200).expect('Content-Type', /html/);
    expect(page.text).toContain('swagger-ui-init.js');
    const csp = Object.fromEntries(
      (page.headers['content-security-policy'] as string)
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'connect-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
    });
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const init = await t.anonymous
      .get('/docs/swagger-ui-init.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    expect(init.text).toContain('"swaggerUrl": "/openapi.json"');
    expect(init.text).toContain('"persistAuthorization": true');
  });
});
