import { BeforeApplicationShutdown, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncResource } from 'node:async_hooks';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Metrics } from '../../metrics/metrics';
import { PageGate } from './page-gate';

/** How long a page read ahead waits for its request: SDS asks for the next page once it has taken in the last. */
export const READ_AHEAD_KEPT_MS = 30_000;

/**
 * Reads the page a sweep asks for next while the current one is sent, so that the database's work on the next page
 * overlaps the server's on this one (building records, JSON, sending). Only where the driver waits for the database
 * without blocking the server (PostgreSQL, SQL Server): SQLite's reads run in the server's own thread, where nothing
 * would overlap. At most READ_AHEAD_PAGES pages are being read or wait at once, each read only when the page gate has
 * room and nobody waits at it (a page read ahead is built through the gate like any other, and never keeps a request
 * waiting); a page not asked for within READ_AHEAD_KEPT_MS is dropped. Callers key a page by everything its content
 * depends on, and check that the published state it was read in is still the one served.
 */
@Injectable()
export class ReadAhead implements BeforeApplicationShutdown {
  /** In the order they were started. */
  private readonly pages = new Map<string, { until: number; settled: boolean; page: Promise<unknown> }>();
  private capacity: number;
  /** Made outside any request: a page read ahead belongs to none (its statements are not the current request's). */
  private readonly detached = new AsyncResource('ReadAhead');

  constructor(
    config: AppConfig,
    private readonly gate: PageGate,
    @InjectDataSource() dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {
    this.capacity = dataSource.options.type === 'better-sqlite3' ? 0 : config.readAheadPages;
  }

  /** Reads no more ahead, and lets the reads under way end before the database closes (no query cut off). */
  async beforeApplicationShutdown() {
    this.capacity = 0;
    await Promise.all([...this.pages.values()].map(({ page }) => page));
  }

  /** Takes the page read ahead under this key, if any: undefined when there is none, its read failed or it was refused. */
  async take<P>(key: string): Promise<P | undefined> {
    this.dropExpired();
    const held = this.pages.get(key);
    if (!held) return undefined;
    this.pages.delete(key);
    const page = (await held.page) as P | undefined;
    this.metrics?.pageReadAhead(page === undefined ? 'refused' : 'taken');
    return page;
  }

  /** Starts reading a page under this key if there is room; `read` resolves undefined for a page not to be served. */
  start<P>(key: string, read: () => Promise<P | undefined>): void {
    this.dropExpired();
    if (this.pages.has(key) || !this.roomForOne()) return;
    const leave = this.gate.tryEnter();
    if (!leave) return;
    const held = {
      until: Date.now() + READ_AHEAD_KEPT_MS,
      settled: false,
      page: Promise.resolve() as Promise<unknown>,
    };
    // A failed read is the next request's to meet: it reads the page itself.
    held.page = this.detached
      .runInAsyncScope(read)
      .catch(() => undefined)
      .finally(() => {
        held.settled = true;
        leave();
      });
    this.pages.set(key, held);
  }

  /**
   * Whether a page may be read ahead now: at capacity, the oldest page read and not asked for gives up its place (its
   * sweep stopped, or a publication changed what it would be asked for as); a page still being read keeps it.
   */
  private roomForOne(): boolean {
    if (this.capacity === 0) return false;
    if (this.pages.size < this.capacity) return true;
    for (const [key, { settled }] of this.pages) {
      if (!settled) continue;
      this.drop(key);
      return true;
    }
    return false;
  }

  private dropExpired() {
    const now = Date.now();
    for (const [key, { until }] of this.pages) if (until < now) this.drop(key);
  }

  private drop(key: string) {
    this.pages.delete(key);
    this.metrics?.pageReadAhead('dropped');
  }
}
