import { openAsBlob, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatPhaseLine } from '../src/logging/phase-timer';
import { BenchDatabase } from './bench-database';
import { ImportFigures, MeasuredRun, RunningServer, runCli } from './bench-processes';
import { Credentials, databaseEnv, measuredImport } from './bench-setup';
import { Api, getToken } from './bench-sweep';

/** How often the benchmark asks whether a pushed import is done: its figures are this much coarser than the CLI's. */
const POLL_MS = 20;

/** What GET /admin/v1/imports/{id} answers, as far as the benchmark reads it. */
interface ImportRun {
  status: string;
  error?: string;
  summary?: { phaseSeconds?: Record<string, number> };
}

/** An admin client allowed to push bundles and follow their imports (`clients create --admin --scopes import`). */
export async function importClient(db: BenchDatabase, workDir: string, server: RunningServer): Promise<Api> {
  const created = await runCli(
    ['clients', 'create', '--admin', '--scopes', 'import', '--name', 'bench pushes', '--json'],
    databaseEnv(db),
    workDir,
  );
  const { clientId, clientSecret } = JSON.parse(created.stdout) as Credentials;
  return getToken(server.baseUrl, clientId, clientSecret);
}

/**
 * Pushes the bundle's CSV files to the feed (`POST /admin/v1/feeds/{feed}/imports`, multipart) and waits until the
 * server's worker has published it: the wall time from the push to the published state, and the server's peak RSS
 * meanwhile. The phase line is the one the import's summary holds, as the CLI prints it.
 */
export async function pushImport(
  api: Api,
  server: RunningServer,
  feed: string,
  bundleDir: string,
): Promise<MeasuredRun> {
  server.resetPeakRss();
  const started = performance.now();
  const form = new FormData();
  for (const file of readdirSync(bundleDir).filter((name) => name.endsWith('.csv'))) {
    form.append(file, await openAsBlob(join(bundleDir, file)), file);
  }
  const res = await fetch(`${api.baseUrl}/admin/v1/feeds/${feed}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}` },
    body: form,
  });
  if (res.status !== 202) throw new Error(`push to ${feed}: ${res.status} ${await res.text()}`);
  const run = await published(api, ((await res.json()) as { href: string }).href);
  return {
    stdout: formatPhaseLine(run.summary?.phaseSeconds ?? {}),
    seconds: (performance.now() - started) / 1000,
    peakRssMb: server.peakRssMb(),
  };
}

async function published(api: Api, href: string): Promise<ImportRun> {
  for (;;) {
    const res = await fetch(`${api.baseUrl}${href}`, { headers: { authorization: `Bearer ${api.token}` } });
    const run = (await res.json()) as ImportRun;
    if (run.status === 'published') return run;
    if (run.status !== 'queued' && run.status !== 'running') {
      throw new Error(`pushed import ${href} ended ${run.status}: ${run.error ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The pushed import of a bundle, measured with its floor as `importInto` measures the CLI's. */
export function pushInto(
  db: BenchDatabase,
  push: { api: Api; server: RunningServer },
  bundle: { dir: string; feed: string },
  workDir: string,
  label: string,
): Promise<ImportFigures> {
  return measuredImport(db, { boardDir: bundle.dir, workDir, label, students: 0 }, 'pushed to the admin API', () =>
    pushImport(push.api, push.server, bundle.feed, bundle.dir),
  );
}
