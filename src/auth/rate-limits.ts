import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../config/clock';
import { CounterStore, windowAt } from './counter-store';
import { DatabaseCounters } from './database-counters';
import { MemoryCounters } from './memory-counters';

const FAILURE_WINDOW_SECONDS = 15 * 60;

/** Seconds to wait before a token request may be checked again, per limit; 0 when that limit is not reached. */
export interface TokenWaits {
  /** This client id's failures from this address: a block refuses the request before its secret is checked. */
  readonly clientAtAddress: number;
  /** This address's failures, any client id: a block refuses failed or unknown credentials only. */
  readonly address: number;
}

interface Limit {
  /** Names the limit in its counters' keys. */
  readonly name: string;
  readonly points: number;
  readonly seconds: number;
}

/**
 * Failed token requests per client id at a source address and per source address, and API requests per
 * client, each counted in fixed windows (see windowAt). On PostgreSQL and SQL Server the counts are shared by
 * every instance on the database, so N instances behind a load balancer give one allowance, not N. On SQLite
 * (one instance) they are kept per process, in memory: no request waits on its one writer, which an import
 * holds for minutes. The limits are there to stop guessing and runaway loops, not to meter fair use.
 *
 * Our own counter rather than a rate-limiter-flexible store: a store's upsert must return the points and
 * expiry of a window that starts at the key's first point, a statement of its own per dialect (the
 * library's PostgreSQL store is raw SQL; it has none for SQL Server). A window fixed to the clock is part
 * of the key instead, so the atomic step is a plain UPDATE … points + 1 that TypeORM writes for each dialect.
 */
@Injectable()
export class RateLimits {
  private readonly counters: CounterStore;
  private readonly failuresByClientAtAddress: Limit;
  private readonly failuresByAddress: Limit;
  private readonly requestsByClient: Limit;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.counters =
      dataSource.options.type === 'better-sqlite3' ? new MemoryCounters() : new DatabaseCounters(dataSource);
    const failures = (name: string, points: number) => ({ name, points, seconds: FAILURE_WINDOW_SECONDS });
    // A name of its own, not the former per-client-id 'token-client': rows of that meaning are not read as pairs.
    this.failuresByClientAtAddress = failures('token-client-address', config.auth.tokenFailuresPerClientAddress);
    this.failuresByAddress = failures('token-address', config.auth.tokenFailuresPerAddress);
    this.requestsByClient = { name: 'api-client', points: config.auth.requestsPerMinute, seconds: 60 };
  }

  /**
   * Seconds to wait, per limit, before a token request for this client id from this address may be tried
   * again (0: not blocked). The two limits guard different things; see TokenWaits and ClientAuthGuard.
   */
  async tokenWaits(clientId: string | undefined, address: string): Promise<TokenWaits> {
    const now = this.clock.now();
    const [clientAtAddress, byAddress] = await Promise.all([
      clientId ? this.blockedFor(this.failuresByClientAtAddress, pairKey(clientId, address), now) : 0,
      this.blockedFor(this.failuresByAddress, address, now),
    ]);
    return { clientAtAddress, address: byAddress };
  }

  async recordTokenFailure(clientId: string | undefined, address: string): Promise<void> {
    const now = this.clock.now();
    await this.add(this.failuresByAddress, address, now);
    if (clientId) await this.add(this.failuresByClientAtAddress, pairKey(clientId, address), now);
  }

  /**
   * Counts one API request; the seconds to wait when the client is over its limit, else 0. On a server
   * database this is one small write per API request: an UPDATE of the client's row for the minute.
   */
  async apiRequest(clientId: string): Promise<number> {
    const now = this.clock.now();
    const points = await this.add(this.requestsByClient, clientId, now);
    return points > this.requestsByClient.points ? secondsLeft(this.requestsByClient, now) : 0;
  }

  private add(limit: Limit, key: string, now: Date): Promise<number> {
    return this.counters.add(counterKey(limit, key), windowAt(now, limit.seconds), now);
  }

  private async blockedFor(limit: Limit, key: string, now: Date): Promise<number> {
    const points = await this.counters.count(counterKey(limit, key), windowAt(now, limit.seconds));
    return points >= limit.points ? secondsLeft(limit, now) : 0;
  }
}

/**
 * One key per client id and address. JSON keeps the two apart whatever they hold: behind TRUST_PROXY=true an
 * address is whatever X-Forwarded-For says, so a plain separator could make two pairs one key.
 */
const pairKey = (clientId: string, address: string) => JSON.stringify([address, clientId]);

const secondsLeft = (limit: Limit, now: Date) =>
  Math.max(1, Math.ceil((windowAt(now, limit.seconds).end.getTime() - now.getTime()) / 1000));

/**
 * A client id comes from the request and may be long or hold anything (PostgreSQL refuses a NUL in text):
 * such a key is counted by its hash, so it fits the 128-character column.
 */
function counterKey(limit: Limit, key: string): string {
  const plain = `${limit.name}:${key}`;
  if (plain.length <= 128 && /^[\x21-\x7e]*$/.test(key)) return plain;
  return `${limit.name}#${createHash('sha256').update(key).digest('hex')}`;
}
