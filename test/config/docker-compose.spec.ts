import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { EnvSchema } from '../../src/config/env.schema';
import { knownEnvKeys, valueProblems, unknownEnvKeys } from './app-environment';
import { findDirectives, parseCaddyfile, subdirectiveArgs } from './caddyfile';
import {
  APP_BUILD,
  APP_IMAGE_TAG,
  commandLineOf,
  containerEnvironment,
  dependenciesOf,
  DOCKER_DIR,
  environmentOf,
  interpolate,
  oneShotServices,
  readCompose,
} from './compose-file';

/**
 * No Docker engine runs here, so the production compose file and its Caddyfile are checked by reading: the order
 * (database, its creation with RCSI, the migration, then the instances, then the proxy), the environment against the
 * app's configuration, and the proxy's upstreams against the compose file's instances.
 */

const compose = readCompose('docker-compose.yml');
const services = compose.services;
const caddyfile = parseCaddyfile(readFileSync(join(DOCKER_DIR, 'Caddyfile'), 'utf8'));
const APP_IMAGE = services.migrate?.image;
const SQL_SERVER_IMAGE = 'mcr.microsoft.com/mssql/server:2022-latest';

/** The long-running services built from the app image: the instances behind the proxy. */
function appInstances(): string[] {
  const oneShot = oneShotServices(compose);
  return Object.entries(services)
    .filter(([name, s]) => s.image === APP_IMAGE && !oneShot.has(name))
    .map(([name]) => name);
}

/** How many containers the instances make (a service may ask for several with deploy.replicas). */
function containerCount(names: string[]): number {
  return names.reduce((sum, name) => sum + (services[name].deploy?.replicas ?? 1), 0);
}

const instances = appInstances();
const appPort = () => containerEnvironment(services[instances[0]]).PORT ?? String(new EnvSchema().PORT);

describe('docker/docker-compose.yml', () => {
  it('has SQL Server, db-init, migrate, at least two app instances and Caddy', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['sqlserver', 'db-init', 'migrate', 'caddy']));
    expect(services.sqlserver.image).toBe(SQL_SERVER_IMAGE);
    expect(APP_IMAGE).toBeTruthy();
    expect(containerCount(instances)).toBeGreaterThanOrEqual(2);
  });

  it('builds the app image from docker/Dockerfile with the repository as context, tagged with the version', () => {
    for (const name of ['migrate', ...instances]) {
      expect(services[name].build, name).toEqual(APP_BUILD);
      expect(services[name].image, name).toBe(APP_IMAGE_TAG);
    }
  });

  it('sets on the app image only environment variables the configuration knows', () => {
    const known = knownEnvKeys();
    // Guard the derivation itself: the schema's declared variables, including the optional one.
    expect(known).toContain('DATABASE_URL');
    expect(known).toContain('PUBLIC_BASE_URL');
    for (const name of ['migrate', ...instances]) {
      const env = containerEnvironment(services[name]);
      expect(unknownEnvKeys(env), `${name}: not in src/config/env.schema.ts`).toEqual([]);
      expect(valueProblems(env), name).toEqual([]);
      expect(() => loadConfig(env), name).not.toThrow();
    }
  });

  it('creates the database DATABASE_URL names in db-init, with sqlcmd, and turns READ_COMMITTED_SNAPSHOT on', () => {
    const db = parseDatabaseUrl(containerEnvironment(services.migrate).DATABASE_URL);
    expect(db.type).toBe('mssql');
    expect(db.host).toBe('sqlserver');
    const init = services['db-init'];
    expect(init.image).toBe(SQL_SERVER_IMAGE);
    expect(init.restart).toBe('no');
    const script = commandLineOf(init);
    expect(script).toContain('/opt/mssql-tools18/bin/sqlcmd -C -S sqlserver');
    expect(script).toContain(`IF DB_ID('${db.database}') IS NULL CREATE DATABASE ${db.database}`);
    expect(script).toContain(`ALTER DATABASE ${db.database} SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE`);
    // Only when off: ROLLBACK IMMEDIATE on every `up` would abort the transactions of running instances.
    expect(script).toMatch(/IF \(SELECT is_read_committed_snapshot_on FROM sys\.databases WHERE name = '\w+'\) = 0/);
    // Each statement stops the chain on failure (-b), and the migration waits for its success.
    expect(script.match(/sqlcmd /g)?.length).toBe(script.match(/sqlcmd [^&]* -b /g)?.length);
    // The app and the database agree on the password (the same compose variable, same default).
    expect(db.password).toBe(interpolate(environmentOf(services.sqlserver).MSSQL_SA_PASSWORD));
    expect(interpolate(environmentOf(init).MSSQL_SA_PASSWORD)).toBe(db.password);
  });

  it('runs `node dist/cli.js migrate` once, after db-init succeeded, on the instances’ database', () => {
    const migrate = services.migrate;
    expect(migrate.restart).toBe('no');
    expect(migrate.command).toEqual(['node', 'dist/cli.js', 'migrate']);
    expect(dependenciesOf(compose, 'migrate')['db-init']).toBe('service_completed_successfully');
    for (const name of instances)
      expect(containerEnvironment(services[name]).DATABASE_URL, name).toBe(containerEnvironment(migrate).DATABASE_URL);
  });

  it('starts the instances with MIGRATIONS_RUN=false only after migrate completed', () => {
    for (const name of instances) {
      const env = containerEnvironment(services[name]);
      expect(env.MIGRATIONS_RUN, name).toBe('false');
      expect(dependenciesOf(compose, name).migrate, name).toBe('service_completed_successfully');
      expect(env.DEMO_DATA, name).toBe('false');
      expect(env.PUBLIC_BASE_URL, name).toMatch(/^https:\/\//);
      expect(env.TRUST_PROXY, name).toBeTruthy();
      expect(env.TRUST_PROXY, name).not.toBe('false');
    }
  });

  it('checks readiness on the instances, on the port they listen on, and publishes none of them', () => {
    for (const name of instances) {
      const test = JSON.stringify(services[name].healthcheck?.test);
      expect(test, name).toContain(`:${appPort()}/health/ready`);
      expect(services[name].ports, `${name} is reached through the proxy only`).toBeUndefined();
    }
  });

  it('starts each service only once what it depends on is healthy or done', () => {
    const oneShot = oneShotServices(compose);
    for (const name of Object.keys(services)) {
      for (const [dep, condition] of Object.entries(dependenciesOf(compose, name))) {
        expect(Object.keys(services), `${name} depends on unknown ${dep}`).toContain(dep);
        const wanted = oneShot.has(dep) ? 'service_completed_successfully' : 'service_healthy';
        expect(condition, `${name} -> ${dep}`).toBe(wanted);
      }
    }
    for (const name of ['db-init', 'migrate', ...instances])
      expect(dependenciesOf(compose, name).sqlserver, name).toBe('service_healthy');
  });

  it('has a healthcheck on every long-running service', () => {
    const oneShot = oneShotServices(compose);
    for (const [name, service] of Object.entries(services)) {
      if (oneShot.has(name)) continue;
      expect(service.healthcheck?.test, `${name} has no healthcheck`).toBeTruthy();
      expect(service.healthcheck?.disable, `${name} disables its healthcheck`).not.toBe(true);
    }
  });

  it("leaves the SA password in SQL Server's scripts to the container's shell ($$)", () => {
    expect(JSON.stringify(services.sqlserver.healthcheck?.test)).toContain('$$MSSQL_SA_PASSWORD');
    expect(commandLineOf(services['db-init'])).toContain('$$MSSQL_SA_PASSWORD');
  });

  it('puts Caddy in front: HTTPS published, the Caddyfile mounted, started after the instances are ready', () => {
    const caddy = services.caddy;
    expect(caddy.image).toBe('caddy:2');
    const ports = (caddy.ports ?? []).map(String);
    expect(ports).toEqual(expect.arrayContaining(['443:443', '80:80']));
    expect(caddy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    for (const name of instances) expect(dependenciesOf(compose, 'caddy')[name], name).toBe('service_healthy');
  });
});

describe('docker/Caddyfile', () => {
  const proxies = findDirectives(caddyfile, 'reverse_proxy');

  it('serves the address PUBLIC_BASE_URL names', () => {
    const site = parseCaddyfile(readFileSync(join(DOCKER_DIR, 'Caddyfile'), 'utf8'), {
      SITE_ADDRESS: containerEnvironment(services.caddy).SITE_ADDRESS,
    }).filter((entry) => entry.name && entry.block.length > 0);
    expect(site.map((s) => s.name)).toEqual([
      new URL(containerEnvironment(services[instances[0]]).PUBLIC_BASE_URL).host,
    ]);
  });

  it('balances round robin over exactly the compose file’s instances, on their port', () => {
    expect(proxies).toHaveLength(1);
    const upstreams = proxies[0].args;
    const expected = instances.map((name) => `${name}:${appPort()}`);
    expect([...upstreams].sort()).toEqual([...expected].sort());
    expect(subdirectiveArgs(proxies[0], 'lb_policy')).toEqual(['round_robin']);
  });

  it('checks each upstream’s readiness on the container port', () => {
    expect(subdirectiveArgs(proxies[0], 'health_uri')).toEqual(['/health/ready']);
    const port = subdirectiveArgs(proxies[0], 'health_port');
    if (port) expect(port).toEqual([appPort()]);
    expect(subdirectiveArgs(proxies[0], 'health_interval')).toBeDefined();
  });
});
