import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Reading docker/*.yml as Compose would, for the specs that check them without a Docker engine. */

export const DOCKER_DIR = join(__dirname, '..', '..', 'docker');

export interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  entrypoint?: string | string[];
  command?: string | string[];
  restart?: string;
  ports?: unknown[];
  expose?: unknown[];
  volumes?: unknown[];
  deploy?: { replicas?: number };
}

export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** A compose file from docker/, with YAML anchors and merge keys (`<<: *app`) resolved as Compose does. */
export function readCompose(name: string): ComposeFile {
  return parse(readFileSync(join(DOCKER_DIR, name), 'utf8'), { merge: true }) as ComposeFile;
}

/** Compose's variable interpolation (`$$`, `${V}`, `${V:-d}`, `${V-d}`, `${V:?e}`, `$V`) against `vars`. */
export function interpolate(text: string, vars: Record<string, string | undefined> = {}): string {
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

/** A service's environment as written (map or `KEY=value` list). */
export function environmentOf(service: Service): Record<string, string> {
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

/** A service's environment as the container would get it with no variables set on the host. */
export function containerEnvironment(service: Service): Record<string, string> {
  return Object.fromEntries(Object.entries(environmentOf(service)).map(([k, v]) => [k, interpolate(v)]));
}

/** One-shot services: those not restarted (`restart: "no"`), e.g. the database creation. */
export function oneShotServices(compose: ComposeFile): Set<string> {
  return new Set(
    Object.entries(compose.services)
      .filter(([, s]) => s.restart === 'no')
      .map(([name]) => name),
  );
}

/** What `name` waits for: service name -> condition. */
export function dependenciesOf(compose: ComposeFile, name: string): Record<string, string | undefined> {
  const deps = compose.services[name].depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((dep) => [dep, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([dep, spec]) => [dep, spec?.condition]));
}

/** The command line a service runs (entrypoint and command, as one string, `$$` left as written). */
export function commandLineOf(service: Service): string {
  const parts = [service.entrypoint ?? [], service.command ?? []].map((p) => (Array.isArray(p) ? p.join(' ') : p));
  return parts.filter(Boolean).join(' ');
}

/** How both compose files build the app image: from docker/Dockerfile, tagged with the release's version. */
export const APP_BUILD = {
  context: '..',
  dockerfile: 'docker/Dockerfile',
  args: { VERSION: '${ONEROSTER_VERSION:-local}' },
};
export const APP_IMAGE_TAG = 'oneroster-sds-provider:${ONEROSTER_VERSION:-local}';
