import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config/app-config';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { valueProblems, unknownEnvKeys } from './app-environment';

/**
 * No Kubernetes cluster runs here, so deploy/kubernetes/ is checked by reading: the migrate Job, the Deployment's
 * probes against its container port, the environment against the app's configuration, and the selectors.
 */

const K8S_DIR = join(__dirname, '..', '..', 'deploy', 'kubernetes');

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: { containers: Container[]; restartPolicy?: string; securityContext?: Record<string, unknown> };
}
interface Manifest {
  kind: string;
  file: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  stringData?: Record<string, string>;
}

const manifests: Manifest[] = readdirSync(K8S_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).map((doc) => ({
      ...(doc.toJS() as Omit<Manifest, 'file'>),
      file,
    })),
  );

function only(kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`deploy/kubernetes: ${found.length} manifests of kind ${kind}, want 1`);
  return found[0];
}

const secret = only('Secret');
const job = only('Job');
const deployment = only('Deployment');
const service = only('Service');
const podOf = (m: Manifest) => (m.spec as { template: PodTemplate }).template;
const jobPod = podOf(job);
const apiPod = podOf(deployment);
const api = apiPod.spec.containers[0];
const migrate = jobPod.spec.containers[0];

/** A container's environment as the pod gets it: literal values, and keys of the example Secret. */
function environmentOf(container: Container): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).map((v) => {
      const ref = v.valueFrom?.secretKeyRef;
      if (!ref) return [v.name, v.value ?? ''];
      expect(ref.name, `${v.name} comes from the Secret`).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData ?? {}), `${v.name}: key in the Secret`).toContain(ref.key);
      return [v.name, secret.stringData![ref.key]];
    }),
  );
}

/** The container port a probe or Service names (by name or number). */
function containerPort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return container.ports?.find((p) => p.containerPort === port)?.containerPort;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('deploy/kubernetes', () => {
  it('names no namespace (applied with -n)', () => {
    for (const m of manifests) expect(m.metadata.namespace, `${m.file} ${m.kind}`).toBeUndefined();
  });

  it('has an example Secret with clearly marked placeholder values and a usable DATABASE_URL', () => {
    expect(secret.file).toMatch(/example/);
    expect(readFileSync(join(K8S_DIR, secret.file), 'utf8')).toMatch(/PLACEHOLDER/);
    const url = secret.stringData?.DATABASE_URL ?? '';
    expect(url).toContain('CHANGE-ME');
    expect(['mssql', 'postgres']).toContain(parseDatabaseUrl(url).type);
  });

  it('names the image of this release: the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(join(K8S_DIR, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(api.image).toBe(`registry.example.org/oneroster-sds-provider:${version}`);
  });

  it('migrates in a Job running `node dist/cli.js migrate` with the Deployment’s image', () => {
    expect([...(migrate.command ?? []), ...(migrate.args ?? [])]).toEqual(['node', 'dist/cli.js', 'migrate']);
    expect(['Never', 'OnFailure']).toContain(jobPod.spec.restartPolicy);
    expect(migrate.image).toBe(api.image);
    expect(environmentOf(migrate).DATABASE_URL).toBe(environmentOf(api).DATABASE_URL);
  });

  it('runs 2 API replicas with MIGRATIONS_RUN=false, demo data off and an https PUBLIC_BASE_URL', () => {
    expect((deployment.spec as { replicas: number }).replicas).toBe(2);
    const env = environmentOf(api);
    expect(env.MIGRATIONS_RUN).toBe('false');
    expect(env.DEMO_DATA).toBe('false');
    expect(env.PUBLIC_BASE_URL).toMatch(/^https:\/\//);
    // The API runs the image's own command (dist/main.js), not the CLI.
    expect(api.command).toBeUndefined();
  });

  it('sets only environment variables the configuration knows, with values it accepts', () => {
    for (const container of [api, migrate]) {
      const env = environmentOf(container);
      expect(unknownEnvKeys(env), `${container.name}: not in src/config/env.schema.ts`).toEqual([]);
      expect(valueProblems(env), container.name).toEqual([]);
      expect(() => loadConfig(env), container.name).not.toThrow();
    }
  });

  it('probes readiness at /health/ready and liveness at /health, on the port the app listens on', () => {
    const port = Number(environmentOf(api).PORT);
    expect(api.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(api.livenessProbe?.httpGet?.path).toBe('/health');
    expect(containerPort(api, api.readinessProbe?.httpGet?.port)).toBe(port);
    expect(containerPort(api, api.livenessProbe?.httpGet?.port)).toBe(port);
  });

  it('gives every container resource requests and limits, and runs it as a non-root user', () => {
    for (const pod of [apiPod, jobPod]) {
      const podSecurity = pod.spec.securityContext ?? {};
      for (const container of pod.spec.containers) {
        for (const kind of ['requests', 'limits'] as const)
          expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${container.name} ${kind}`).toEqual([
            'cpu',
            'memory',
          ]);
        const security = { ...podSecurity, ...container.securityContext };
        expect(security.runAsNonRoot, container.name).toBe(true);
        // The image's user is a name (`node`): the kubelet can only check runAsNonRoot against a numeric id.
        expect(security.runAsUser, container.name).toEqual(expect.any(Number));
        expect(security.runAsUser, container.name).not.toBe(0);
        expect(security.allowPrivilegeEscalation, container.name).toBe(false);
      }
    }
  });

  it('has a Service selecting the API pods only, on their container port', () => {
    const spec = service.spec as { selector: Record<string, string>; ports: { targetPort: number | string }[] };
    expect(matches(spec.selector, apiPod.metadata?.labels)).toBe(true);
    expect(matches(spec.selector, jobPod.metadata?.labels), 'the migrate Job gets no traffic').toBe(false);
    const selector = (deployment.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    expect(matches(selector, apiPod.metadata?.labels)).toBe(true);
    for (const port of spec.ports) expect(containerPort(api, port.targetPort)).toBe(Number(environmentOf(api).PORT));
  });

  it('routes the Ingress example, with TLS, for the host of PUBLIC_BASE_URL to the Service', () => {
    const ingresses = manifests.filter((m) => m.kind === 'Ingress');
    const host = new URL(environmentOf(api).PUBLIC_BASE_URL).host;
    const servicePorts = (service.spec as { ports: { name?: string; port: number }[] }).ports;
    for (const ingress of ingresses) {
      const spec = ingress.spec as {
        tls: { hosts: string[] }[];
        rules: {
          host: string;
          http: { paths: { backend: { service: { name: string; port: { name?: string; number?: number } } } }[] };
        }[];
      };
      expect(spec.tls.flatMap((t) => t.hosts)).toContain(host);
      expect(spec.rules.map((r) => r.host)).toEqual([host]);
      for (const path of spec.rules[0].http.paths) {
        expect(path.backend.service.name).toBe(service.metadata.name);
        const port = path.backend.service.port;
        expect(servicePorts.some((p) => p.name === port.name || p.port === port.number)).toBe(true);
      }
    }
  });
});
