import { DataSource, LessThanOrEqual } from 'typeorm';
import { CounterStore, CounterWindow, PRUNE_EVERY_MS } from './counter-store';
import { RateLimitCounterEntity } from './rate-limit-counter.entity';

/**
 * Counts in `rate_limit_counters`, shared by every instance on a PostgreSQL or SQL Server database.
 * Each count is one atomic UPDATE … SET points = points + 1 of the key's row for the window. When that
 * touches no row, the window has just begun: the row is inserted, or found inserted by another instance
 * (the primary key refuses a second), and the UPDATE is tried again.
 */
export class DatabaseCounters implements CounterStore {
  private lastPrune = 0;

  constructor(private readonly dataSource: DataSource) {}

  async add(key: string, window: CounterWindow, now: Date): Promise<number> {
    const points = (await this.incremented(key, window)) ?? (await this.insertedThenIncremented(key, window));
    await this.pruneNowAndThen(now);
    return points;
  }

  async count(key: string, window: CounterWindow): Promise<number> {
    const row = await this.countQuery(key, window).getRawOne<{ points: number }>();
    return row ? Number(row.points) : 0;
  }

  /** The count after adding one to the window's row; undefined when the window has no row yet. */
  private async incremented(key: string, window: CounterWindow): Promise<number | undefined> {
    const result = await this.incrementQuery(key, window).execute();
    const rows = result.raw as { points: number }[];
    return rows.length ? Number(rows[0].points) : undefined;
  }

  /** A window's first count: its row is inserted with no points, then counted like any other. */
  private async insertedThenIncremented(key: string, window: CounterWindow): Promise<number> {
    let insertError: unknown;
    try {
      await this.insertQuery(key, window).execute();
    } catch (error) {
      insertError = error; // another instance's row, or a real failure: the UPDATE tells which
    }
    const points = await this.incremented(key, window);
    if (points === undefined) throw insertError ?? new Error(`rate-limit counter ${key} vanished as it was made`);
    return points;
  }

  countQuery(key: string, window: CounterWindow) {
    return this.dataSource
      .getRepository(RateLimitCounterEntity)
      .createQueryBuilder('counter')
      .select('counter.points', 'points')
      .where({ counterKey: key, windowStart: window.start });
  }

  incrementQuery(key: string, window: CounterWindow) {
    const points = this.dataSource.driver.escape('points');
    return this.dataSource
      .createQueryBuilder()
      .update(RateLimitCounterEntity)
      .set({ points: () => `${points} + 1` })
      .where({ counterKey: key, windowStart: window.start })
      .returning(['points'])
      .updateEntity(false);
  }

  insertQuery(key: string, window: CounterWindow) {
    const insert = this.dataSource
      .createQueryBuilder()
      .insert()
      .into(RateLimitCounterEntity)
      .values({ counterKey: key, windowStart: window.start, points: 0, expiresAt: window.end.toISOString() })
      .updateEntity(false);
    // A row another instance inserted first is skipped on PostgreSQL, with no error (nor a line in its log).
    // TypeORM's SQL Server form of that is a MERGE on the first key column alone, wrong for this key: there
    // the insert fails on the primary key, and TypeORM logs it as a failed query.
    return this.dataSource.options.type === 'postgres' ? insert.orIgnore() : insert;
  }

  pruneQuery(now: Date) {
    return this.dataSource
      .createQueryBuilder()
      .delete()
      .from(RateLimitCounterEntity)
      .where({ expiresAt: LessThanOrEqual(now.toISOString()) });
  }

  /** Ended windows are deleted at most once a minute per instance, as PageCache prunes page ends. */
  private async pruneNowAndThen(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.pruneQuery(now).execute();
  }
}
