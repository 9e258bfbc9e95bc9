import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One rate limit's count for one key in one fixed window (see RateLimits), kept in the database on server
 * dialects so that every instance behind a load balancer counts against the same allowance.
 */
@Entity('rate_limit_counters')
@Index('ix_rate_limit_counters_expires', ['expiresAt'])
export class RateLimitCounterEntity {
  /** The limit's name and what it counts (a client id, an address), the latter hashed when long or unusual. */
  @PrimaryColumn({ name: 'counter_key', type: String, length: 128 })
  counterKey: string;

  /** ISO instant the window starts at: windows are fixed to the clock, so every instance agrees on it. */
  @PrimaryColumn({ name: 'window_start', type: String, length: 24 })
  windowStart: string;

  @Column({ name: 'points', type: Number })
  points: number;

  /** When the window ends: from then on the row is only waiting to be pruned. */
  @Column({ name: 'expires_at', type: String, length: 24 })
  expiresAt: string;
}
