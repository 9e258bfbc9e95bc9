import { DataSource } from 'typeorm';
import { SyncMonitor, TenantSync } from '../audit/sync-monitor.service';
import { ImportRunEntity } from '../csv/import-run.entity';
import { Metrics } from '../metrics/metrics';

/** The sync monitor reads days of the access log per tenant: a scrape every 15 s reuses a minute-old answer. */
const SYNC_CACHE_MS = 60_000;

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** Gauges read from the database when Prometheus scrapes: feeds' last publications, held imports, SDS sync state. */
export function registerScrapedGauges(metrics: Metrics, dataSource: DataSource, monitor: SyncMonitor) {
  const runs = () => dataSource.getRepository(ImportRunEntity);
  metrics.scrapedGauge(
    'oneroster_feed_last_published_timestamp_seconds',
    'When the last import of each feed was published (Unix time)',
    ['feed'],
    async (gauge) => {
      const rows = await runs()
        .createQueryBuilder('run')
        .select('run.feed', 'feed')
        .addSelect('MAX(run.finishedAt)', 'finishedAt')
        .where("run.state = 'applied'")
        .groupBy('run.feed')
        .getRawMany<{ feed: string; finishedAt: string }>();
      for (const row of rows) gauge.set({ feed: row.feed }, seconds(row.finishedAt));
    },
  );
  metrics.scrapedGauge(
    'oneroster_imports',
    'Imports waiting: held for approval, or queued',
    ['state'],
    async (gauge) => {
      for (const state of ['held', 'queued'] as const) gauge.set({ state }, await runs().countBy({ state }));
    },
  );
  const sync = cachedSync(monitor);
  metrics.scrapedGauge(
    'oneroster_sync_last_complete_full_sweep_timestamp_seconds',
    'When the last complete full sweep of each tenant ended (Unix time; absent: none in 8 days)',
    ['tenant'],
    async (gauge) => {
      for (const status of await sync())
        if (status.lastCompleteFullSweep)
          gauge.set({ tenant: status.tenantId }, seconds(status.lastCompleteFullSweep.endedAt));
    },
  );
  metrics.scrapedGauge(
    'oneroster_sync_complete_full_sweeps',
    'Complete full sweeps (runs) of each tenant in the last 20 runs',
    ['tenant'],
    async (gauge) => {
      for (const status of await sync())
        gauge.set({ tenant: status.tenantId }, status.runs.filter((run) => run.kind === 'full' && run.complete).length);
    },
  );
  metrics.scrapedGauge(
    'oneroster_sync_warning',
    '1 when a tenant had no complete full sweep in the last 26 hours',
    ['tenant'],
    async (gauge) => {
      for (const status of await sync()) gauge.set({ tenant: status.tenantId }, status.warning ? 1 : 0);
    },
  );
}

function cachedSync(monitor: SyncMonitor): () => Promise<TenantSync[]> {
  let cached: { at: number; statuses: Promise<TenantSync[]> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > SYNC_CACHE_MS) cached = { at: Date.now(), statuses: monitor.statusOfAll() };
    return cached.statuses;
  };
}
