import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { updateWithoutWaiting } from '../database/without-waiting';
import { PINO_LOGGER } from '../logging/logging.module';
import { AccessKind, AccessLogEntity } from './access-log.entity';
import { accessLogQueries } from './access-log.queries';
import { idRange, packIds } from './served-ids';

/** One answered request, as the middleware saw it; packed into a row when the batch is written. */
export interface AccessEntry {
  at: string;
  kind: AccessKind;
  tenantId: string | null;
  clientId: string;
  method: string;
  path: string;
  route: string;
  filter: string | null;
  status: number;
  durationMs: number;
  page?: { offset: number; limit: number; total: number };
  sourcedIds?: readonly string[];
}

/** How often the batch is written: a sweep's pages cost no write of their own. */
const FLUSH_MS = 1000;
/** Rows per INSERT: 18 columns each, well under SQL Server's 2,100 parameters a statement. */
const ROWS_PER_INSERT = 100;
/** Entries kept while the database refuses writes (SQLite busy with a long import); past it the oldest go. */
const MAX_PENDING = 200_000;
const PRUNE_EVERY_MS = 3600_000;
const DAY_MS = 86_400_000;

/**
 * At most `length` characters of what a client sent, NUL shown as U+FFFD: PostgreSQL refuses NUL in text, and one such
 * request would fail the batch it is in, and every batch after it.
 */
const cut = (text: string | null, length: number) =>
  text === null ? null : text.slice(0, length).replaceAll('\0', '\uFFFD');

/**
 * The access log (GDPR): every rostering request per tenant and client, with the sourcedIds it served, and every
 * admin request. Requests only add to a batch in memory; a timer writes it, without waiting when SQLite's one writer
 * is busy (an import), so a sweep is not slowed; rows older than ACCESS_LOG_RETENTION_DAYS are pruned every hour.
 */
@Injectable()
export class AccessLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private pending: AccessEntry[] = [];
  private writing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private pruned = 0;
  private dropped = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS).unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.flush();
  }

  record(entry: AccessEntry) {
    if (!this.config.accessLogOn) return;
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) {
      this.pending.splice(0, this.pending.length - MAX_PENDING);
      if (this.dropped++ % 10_000 === 0)
        this.logger.warn('access log: the database refused writes too long; oldest entries dropped');
    }
  }

  /** Writes what is pending (tests and shutdown call it; otherwise the timer does). */
  flush(): Promise<void> {
    this.writing ??= this.write().finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async write() {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.slice(0, ROWS_PER_INSERT);
        const rows = await Promise.all(batch.map(rowOf));
        const insert = accessLogQueries.insert(this.dataSource, rows);
        if (!(await updateWithoutWaiting(insert))) return; // SQLite busy: the next tick tries again
        this.pending.splice(0, batch.length);
      }
      await this.prune();
    } catch (error) {
      this.logger.error({ err: error }, 'access log: writing the batch failed');
    }
  }

  private async prune(now = Date.now()) {
    if (now - this.pruned < PRUNE_EVERY_MS) return;
    const cutoff = new Date(now - this.config.accessLogRetentionDays * DAY_MS).toISOString();
    if (await updateWithoutWaiting(accessLogQueries.prune(this.dataSource, cutoff))) this.pruned = now;
  }
}

async function rowOf(entry: AccessEntry): Promise<AccessLogEntity> {
  const ids = entry.sourcedIds ?? [];
  const range = idRange(ids);
  return {
    id: randomUUID(),
    at: entry.at,
    kind: entry.kind,
    tenantId: entry.tenantId,
    clientId: entry.clientId,
    method: entry.method,
    path: cut(entry.path, 1000)!,
    route: cut(entry.route, 255)!,
    filter: cut(entry.filter, 1000),
    status: entry.status,
    durationMs: entry.durationMs,
    pageOffset: entry.page?.offset ?? null,
    pageLimit: entry.page?.limit ?? null,
    total: entry.page?.total ?? null,
    records: entry.sourcedIds ? ids.length : null,
    firstId: range?.first ?? null,
    lastId: range?.last ?? null,
    servedIds: range ? await packIds(ids) : null,
  };
}
