import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvSchema } from '../../src/config/env.schema';
import { DOCKER_DIR } from './compose-file';

/** docker/Dockerfile, checked by reading (no Docker engine runs here): multi-stage, unprivileged, production mode. */

const dockerfileText = readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8');

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

  it('builds and runs on Node 24 LTS, slim', () => {
    const bases = stages.map((stage) => stage[0].split(/\s+/)[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:24-[a-z]+-slim$/);
  });

  it('copies what the prepare script needs before npm ci runs it', () => {
    const build = stages[0];
    const prepare = JSON.parse(readFileSync(join(DOCKER_DIR, '..', 'package.json'), 'utf8')).scripts.prepare as string;
    const script = /^node (\S+)$/.exec(prepare)![1];
    const copied = build.findIndex((l) => new RegExp(`^COPY ${script.replace(/\./g, '\\.')}\\s`).test(l));
    expect(copied).toBeGreaterThan(0);
    expect(copied).toBeLessThan(build.findIndex((l) => /^RUN npm ci\b/.test(l)));
  });

  it('labels the image with the version it is built for', () => {
    expect(runtime).toContain('ARG VERSION=unversioned');
    expect(runtime.join('\n')).toMatch(/org\.opencontainers\.image\.version="\$VERSION"/);
  });

  it('runs the runtime stage as a user that is not root', () => {
    const users = runtime.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0', 'root:root']).not.toContain(users.at(-1));
  });

  it('runs node dist/main.js in production mode, with a liveness healthcheck and the exposed port', () => {
    const text = runtime.join('\n');
    expect(text).toMatch(/NODE_ENV=production/);
    expect(text).toMatch(/^CMD \["node", "--max-old-space-size=256", "--max-semi-space-size=16", "dist\/main\.js"\]$/m);
    // The CLI (`docker compose exec app node dist/cli.js import …`) gets the same heap settings.
    expect(text).toMatch(/^ENV NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=16"$/m);
    expect(text).toMatch(/^HEALTHCHECK .*\/health'/m);
    expect(text).toMatch(new RegExp(`^EXPOSE ${new EnvSchema().PORT}$`, 'm'));
    expect(text).not.toMatch(/COPY\s+(--\S+\s+)*\.\s/); // no whole-context copy into the runtime image
  });
});
