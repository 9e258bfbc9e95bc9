import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { EnvSchema } from '../../src/config/env.schema';
import { valueProblems, unknownEnvKeys } from './app-environment';
import { APP_BUILD, APP_IMAGE_TAG, containerEnvironment, interpolate, readCompose } from './compose-file';

/** The single-instance compose file on an SQLite file, checked by reading (no Docker engine runs here). */

const compose = readCompose('docker-compose.sqlite.yml');
const app = compose.services.app;
const env = containerEnvironment(app);

describe('docker/docker-compose.sqlite.yml', () => {
  it('runs one instance of the app, built from docker/Dockerfile', () => {
    expect(Object.keys(compose.services)).toEqual(['app']);
    expect(app.deploy?.replicas ?? 1).toBe(1);
    expect(app.build).toEqual(APP_BUILD);
    expect(app.image).toBe(APP_IMAGE_TAG);
  });

  it('sets only environment variables the configuration knows, with values it accepts', () => {
    expect(unknownEnvKeys(env), 'not in src/config/env.schema.ts').toEqual([]);
    expect(valueProblems(env)).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('keeps the SQLite file on a named volume, and lets the server migrate it on start', () => {
    const db = parseDatabaseUrl(env.DATABASE_URL);
    expect(db.type).toBe('sqlite');
    const mounts = (app.volumes ?? []).map((v) => String(v).split(':'));
    expect(
      mounts.some(([volume, target]) => volume in (compose.volumes ?? {}) && db.path!.startsWith(`${target}/`)),
    ).toBe(true);
    // Unset or true: the default on SQLite is to migrate at start.
    expect(env.MIGRATIONS_RUN ?? 'true').toBe('true');
  });

  it('publishes the port the app listens on and checks its readiness there', () => {
    const port = env.PORT ?? String(new EnvSchema().PORT);
    const ports = (app.ports ?? []).map((p) => interpolate(String(p)));
    expect(ports.some((p) => p.endsWith(`:${port}`))).toBe(true);
    expect(JSON.stringify(app.healthcheck?.test)).toContain(`:${port}/health/ready`);
  });
});
