import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';

const FAILURE_WINDOW_SECONDS = 15 * 60;

/**
 * Per-instance limits: failed token requests per client id and per source address, and API
 * requests per client. Kept in memory, so with N instances a client gets N times the allowance;
 * the limits are there to stop guessing and runaway loops, not to meter fair use.
 */
@Injectable()
export class RateLimits {
  private readonly failuresByClient: RateLimiterMemory;
  private readonly failuresByAddress: RateLimiterMemory;
  private readonly requestsByClient: RateLimiterMemory;

  constructor(config: AppConfig) {
    this.failuresByClient = new RateLimiterMemory({
      points: config.auth.tokenFailuresPerClient,
      duration: FAILURE_WINDOW_SECONDS,
    });
    this.failuresByAddress = new RateLimiterMemory({
      points: config.auth.tokenFailuresPerAddress,
      duration: FAILURE_WINDOW_SECONDS,
    });
    this.requestsByClient = new RateLimiterMemory({ points: config.auth.requestsPerMinute, duration: 60 });
  }

  /** Seconds to wait before this client id or address may try a token again, or 0. */
  async tokenBlockedFor(clientId: string | undefined, address: string): Promise<number> {
    const checks = [this.blockedFor(this.failuresByAddress, address)];
    if (clientId) checks.push(this.blockedFor(this.failuresByClient, clientId));
    return Math.max(...(await Promise.all(checks)));
  }

  async recordTokenFailure(clientId: string | undefined, address: string): Promise<void> {
    await this.failuresByAddress.penalty(address, 1);
    if (clientId) await this.failuresByClient.penalty(clientId, 1);
  }

  /** Counts one API request; the seconds to wait when the client is over its limit, else 0. */
  async apiRequest(clientId: string): Promise<number> {
    try {
      await this.requestsByClient.consume(clientId);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }

  private async blockedFor(limiter: RateLimiterMemory, key: string): Promise<number> {
    const state = await limiter.get(key);
    return state && state.consumedPoints >= limiter.points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;
  }
}
