import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { SweepPageEndEntity } from './sweep-page-end.entity';

/** A Map that forgets its least recently used entries beyond `capacity`. */
export class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/**
 * What one page of a sweep learns for the next: the filtered total (X-Total-Count) and where the
 * page ended. A client paging with offset/limit repeats the same query with a growing offset; with
 * both remembered, page k costs what page 1 costs instead of counting and skipping k pages again.
 *
 * A total is kept per published state (the tenant's serving stamp, which every publication replaces),
 * so no count outlives the data it counted. A page end is kept per client's sweep and survives a
 * publication: the next page seeks past the last record served, so a record that was there before
 * and after the change is neither skipped nor repeated (see ListQueryService.page). Totals are per
 * instance (each counts a published state once); page ends are shared by every instance on a server
 * database, so a sweep alternating between instances behind a load balancer keeps its place.
 */
/** How long a sweep's page ends are kept: SDS's run takes minutes, its next run comes hours later. */
const PAGE_END_HOURS = 6;
const PRUNE_EVERY_MS = 60_000;

@Injectable()
export class PageCache {
  private readonly totals = new BoundedMap<number>(2_000);
  /** The feeds a counted list's records come from, where the count could tell (see ListQueryService). */
  private readonly feeds = new BoundedMap<readonly string[]>(2_000);
  /** SQLite serves one instance, whose memory is the shared place; server databases keep page ends in a table. */
  private readonly pageEnds?: BoundedMap<string>;
  private lastPrune = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    if (dataSource.options.type === 'better-sqlite3') this.pageEnds = new BoundedMap<string>(20_000);
  }

  total(listKey: string): number | undefined {
    return this.totals.get(listKey);
  }

  rememberTotal(listKey: string, total: number): void {
    this.totals.set(listKey, total);
  }

  feedsOf(listKey: string): readonly string[] | undefined {
    return this.feeds.get(listKey);
  }

  rememberFeeds(listKey: string, feeds: readonly string[]): void {
    this.feeds.set(listKey, feeds);
  }

  /** The sourcedId of the record just before `offset` in this sweep, if one of its pages ended there. */
  async endBefore(sweepKey: string, offset: number, now = new Date()): Promise<string | undefined> {
    if (this.pageEnds) return this.pageEnds.get(`${offset}\n${sweepKey}`);
    const row = await this.dataSource.getRepository(SweepPageEndEntity).findOneBy({
      listKey: sweepKey,
      nextOffset: offset,
      updatedAt: MoreThan(hoursBefore(now, PAGE_END_HOURS)),
    });
    return row?.lastSourcedId;
  }

  async rememberPageEnd(sweepKey: string, nextOffset: number, lastSourcedId: string, now = new Date()): Promise<void> {
    if (this.pageEnds) return this.pageEnds.set(`${nextOffset}\n${sweepKey}`, lastSourcedId);
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(SweepPageEndEntity)
      .values({ listKey: sweepKey, nextOffset, lastSourcedId, updatedAt: now.toISOString() })
      .orUpdate(['last_sourced_id', 'updated_at'], ['list_key', 'next_offset'])
      .execute();
    await this.pruneNowAndThen(now);
  }

  /** Page ends older than a sweep can be are dropped, at most once a minute per instance. */
  private async pruneNowAndThen(now: Date) {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.dataSource
      .getRepository(SweepPageEndEntity)
      .delete({ updatedAt: LessThan(hoursBefore(now, PAGE_END_HOURS)) });
  }
}

const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
