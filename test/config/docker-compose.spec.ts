import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/app-config';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { EnvSchema } from '../../src/config/env.schema';

/**
 * No Docker engine runs here, so docker/ is checked by reading: the compose file must only hand the app
 * variables its configuration knows, with values the app accepts, and the image must run unprivileged.
 */

const DOCKER_DIR = join(__dirname, '..', '..', 'docker');
const composeText = readFileSync(join(DOCKER_DIR, 'docker-compose.yml'), 'utf8');
const dockerfileText = readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  entrypoint?: string | string[];
  command?: string | string[];
  restart?: string;
}
const compose = parse(composeText) as { services: Record<string, Service> };
const services = compose.services;

/** The variables the app reads: every property of EnvSchema, decorated or initialised. */
function knownEnvKeys(): Set<string> {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(EnvSchema, '', true, false)
    .map((m) => m.propertyName);
  return new Set([...validated, ...Object.keys(new EnvSchema())]);
}

/** A service's environment as written (map or `KEY=value` list). */
function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

/** Compose's variable interpolation (`$$`, `${V}`, `${V:-d}`, `${V-d}`, `${V:?e}`, `$V`) against `vars`. */
function interpolate(text: string, vars: Record<string, string | undefined> = {}): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare)!;
      const value = vars[name];
      const unset = op?.startsWith(':') ? !value : value === undefined;
      if (op?.endsWith('-') && unset) return arg ?? '';
      if (op?.endsWith('?') && unset) throw new Error(`compose variable ${name} is required: ${arg}`);
      return value ?? '';
    },
  );
}

/** The app service's environment as the container would get it with no variables set on the host. */
function appEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(environmentOf(services.app)).map(([k, v]) => [k, interpolate(v)]));
}

/** Dockerfile stages: the instructions after each FROM, with continuation lines joined. */
function dockerfileStages(): string[][] {
  const lines = dockerfileText
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: string[][] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) stages.push([line]);
    else stages.at(-1)?.push(line);
  }
  return stages;
}

/** One-shot services: those not restarted (`restart: "no"`), e.g. the database creation. */
function oneShotServices(): Set<string> {
  return new Set(
    Object.entries(services)
      .filter(([, s]) => s.restart === 'no')
      .map(([name]) => name),
  );
}

/** What `name` waits for: service name -> condition. */
function dependenciesOf(name: string): Record<string, string | undefined> {
  const deps = services[name].depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((dep) => [dep, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([dep, spec]) => [dep, spec?.condition]));
}

describe('docker/docker-compose.yml', () => {
  it('has the app, SQL Server and a one-shot database creation', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['app', 'mssql']));
    expect(oneShotServices().size).toBeGreaterThan(0);
  });

  it('sets on the app only environment variables the configuration knows', () => {
    const known = knownEnvKeys();
    // Guard the derivation itself: the schema's declared variables, including the optional one.
    expect(known).toContain('DATABASE_URL');
    expect(known).toContain('PORT');
    expect(known).toContain('PUBLIC_BASE_URL');
    const unknown = Object.keys(environmentOf(services.app)).filter((key) => !known.has(key));
    expect(unknown, `not in src/config/env.schema.ts: ${unknown.join(', ')}`).toEqual([]);
  });

  it('gives the app values its own configuration loader accepts', () => {
    expect(() => loadConfig(appEnvironment())).not.toThrow();
  });

  it('points DATABASE_URL at the mssql service and the database mssql-init creates', () => {
    const url = appEnvironment().DATABASE_URL;
    expect(url).toBeDefined();
    const db = parseDatabaseUrl(url);
    expect(db.type).toBe('mssql');
    expect(Object.keys(services)).toContain(db.host);
    expect(db.database).toMatch(/^\w+$/);
    const init = [...oneShotServices()].map((name) => services[name]);
    const scripts = init.map((s) => JSON.stringify([s.entrypoint ?? [], s.command ?? []]));
    expect(
      scripts.some((script) => script.includes(`DB_ID('${db.database}') IS NULL CREATE DATABASE ${db.database}`)),
    ).toBe(true);
    // The app and the database agree on the password (the same compose variable, same default).
    expect(db.password).toBe(interpolate(String(environmentOf(services[db.host!]).MSSQL_SA_PASSWORD)));
  });

  it('publishes the port the app listens on', () => {
    const port = appEnvironment().PORT ?? String(new EnvSchema().PORT);
    const ports = ((services.app as { ports?: string[] }).ports ?? []).map((p) => interpolate(String(p)));
    expect(ports.some((p) => p.endsWith(`:${port}`))).toBe(true);
  });

  it('starts each service only once what it depends on is healthy or done', () => {
    const oneShot = oneShotServices();
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependenciesOf(name))) {
        expect(Object.keys(services), `${name} depends on unknown ${dep}`).toContain(dep);
        const wanted = oneShot.has(dep) ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} -> ${dep}`).toBe(wanted);
      }
    }
    expect(dependenciesOf('app').mssql).toBe('service_healthy');
    for (const init of oneShot)
      expect(dependenciesOf('app')[init], `app waits for ${init}`).toBe('service_completed_successfully');
  });

  it('has a healthcheck on every long-running service, the app checking readiness', () => {
    const oneShot = oneShotServices();
    for (const [name, service] of Object.entries(services)) {
      if (oneShot.has(name)) continue;
      expect(service.healthcheck?.test, `${name} has no healthcheck`).toBeTruthy();
      expect(service.healthcheck?.disable, `${name} disables its healthcheck`).not.toBe(true);
    }
    expect(JSON.stringify(services.app.healthcheck?.test)).toContain('/health/ready');
  });

  it("leaves the SA password in healthchecks to the container's shell ($$)", () => {
    const test = JSON.stringify(services.mssql.healthcheck?.test);
    expect(test).toContain('$$MSSQL_SA_PASSWORD');
  });

  it('builds the app from docker/Dockerfile with the repository as context', () => {
    expect(services.app.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
  });
});

describe('docker/Dockerfile', () => {
  const stages = dockerfileStages();
  const runtime = stages.at(-1)!;

  it('is multi-stage, builds with dev dependencies and keeps production ones only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const all = stages.flat().join('\n');
    expect(all).toMatch(/npm ci\b/);
    expect(all).toMatch(/npm run build/);
    expect(all).toMatch(/npm (ci|prune)\b[^\n]*--omit=dev/);
  });

  it('runs the runtime stage as a user that is not root', () => {
    const users = runtime.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0', 'root:root']).not.toContain(users.at(-1));
  });

  it('runs node dist/main.js in production mode, with a liveness healthcheck and the exposed port', () => {
    const text = runtime.join('\n');
    expect(text).toMatch(/NODE_ENV=production/);
    expect(text).toMatch(/^CMD \["node", "--max-old-space-size=256", "--max-semi-space-size=32", "dist\/main\.js"\]$/m);
    // The CLI (`docker compose exec app node dist/cli.js import …`) gets the same heap settings.
    expect(text).toMatch(/^ENV NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=32"$/m);
    expect(text).toMatch(/^HEALTHCHECK .*\/health'/m);
    expect(text).toMatch(new RegExp(`^EXPOSE ${new EnvSchema().PORT}$`, 'm'));
    expect(text).not.toMatch(/COPY\s+(--\S+\s+)*\.\s/); // no whole-context copy into the runtime image
  });
});
