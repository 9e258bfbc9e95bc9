import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../config/clock';
import { findTenant } from '../tenancy/find-tenant';
import { TenantEntity } from '../tenancy/tenant.entity';
import { accessLogQueries } from './access-log.queries';
import { runsOf, SyncRun, sweepsOf } from './sync-sweeps';

/** SDS syncs twice a day: without a complete full sweep in this long, one sync at least went wrong. */
export const FULL_SWEEP_WARNING_HOURS = 26;
/** How far back the monitor reads the access log. */
const LOOKBACK_DAYS = 8;
const RECENT_RUNS = 20;
const HOUR_MS = 3600_000;

export interface TenantSync {
  tenantId: string;
  /** The last run whose every sweep reached the end of its collection, and that swept at least one in full. */
  lastCompleteFullSweep: { clientId: string; startedAt: string; endedAt: string } | null;
  lastDelta: { clientId: string; startedAt: string; endedAt: string; complete: boolean } | null;
  /** Refused rostering requests in the last 26 hours, by HTTP status. */
  errorsByStatus: Record<string, number>;
  /** Set when no complete full sweep ended in the last 26 hours. */
  warning: string | null;
  /** The latest runs, newest first. */
  runs: SyncRun[];
}

const times = (run: SyncRun) => ({ clientId: run.clientId, startedAt: run.startedAt, endedAt: run.endedAt });

/**
 * The SDS sync monitor: each client's runs read from the access log (full sweeps and delta reads, pages, records per
 * collection, whether each reached the end), and per tenant the last complete full sweep, the last delta, the errors.
 */
@Injectable()
export class SyncMonitor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async status(tenantId: string): Promise<TenantSync> {
    await findTenant(this.dataSource, tenantId);
    const now = this.clock.now().getTime();
    const lookback = new Date(now - LOOKBACK_DAYS * 24 * HOUR_MS).toISOString();
    const reads = await accessLogQueries.pageReads(this.dataSource, tenantId, lookback).getMany();
    const runs = runsOf(sweepsOf(reads)).reverse();
    const since = new Date(now - FULL_SWEEP_WARNING_HOURS * HOUR_MS).toISOString();
    const full = runs.find((run) => run.kind === 'full' && run.complete);
    const delta = lastDeltaOf(runs);
    const errorsByStatus: Record<string, number> = {};
    for (const read of reads)
      if (read.status >= 400 && read.at >= since) errorsByStatus[read.status] = (errorsByStatus[read.status] ?? 0) + 1;
    return {
      tenantId,
      lastCompleteFullSweep: full ? times(full) : null,
      lastDelta: delta,
      errorsByStatus,
      warning: full && full.endedAt >= since ? null : warningOf(runs, since),
      runs: runs.slice(0, RECENT_RUNS),
    };
  }

  async statusOfAll(): Promise<TenantSync[]> {
    const tenants = await this.dataSource.getRepository(TenantEntity).find({ order: { id: 'ASC' } });
    return Promise.all(tenants.map((tenant) => this.status(tenant.id)));
  }
}

/** The delta reads of the latest run that had any (SDS may read deltas in a run of its own or beside a full sweep). */
function lastDeltaOf(runs: SyncRun[]): TenantSync['lastDelta'] {
  const run = runs.find((candidate) => candidate.sweeps.some((sweep) => sweep.kind === 'delta'));
  if (!run) return null;
  const deltas = run.sweeps.filter((sweep) => sweep.kind === 'delta');
  return {
    clientId: run.clientId,
    startedAt: deltas[0].startedAt,
    endedAt: deltas
      .map((sweep) => sweep.endedAt)
      .sort()
      .at(-1)!,
    complete: deltas.every((sweep) => sweep.reachedEnd),
  };
}

function warningOf(runs: SyncRun[], since: string): string {
  const base = `no complete full sweep in the last ${FULL_SWEEP_WARNING_HOURS} hours (SDS syncs twice a day)`;
  const stopped = runs.find((run) => run.kind === 'full' && run.endedAt >= since);
  const short = stopped?.sweeps.find((sweep) => !sweep.reachedEnd);
  if (!stopped || !short) return base;
  return `${base}: the last full sweep, by ${stopped.clientId}, stopped at ${short.nextOffset} of ${short.total} ${short.collection}`;
}
