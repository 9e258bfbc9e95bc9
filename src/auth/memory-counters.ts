import { CounterStore, CounterWindow, PRUNE_EVERY_MS } from './counter-store';

interface Count {
  windowStart: string;
  points: number;
  endsAt: number;
}

/** Counts in this process's memory: SQLite's one instance, where a write per request would queue behind an import. */
export class MemoryCounters implements CounterStore {
  private readonly counts = new Map<string, Count>();
  private lastPrune = 0;

  add(key: string, window: CounterWindow, now: Date): Promise<number> {
    this.pruneNowAndThen(now.getTime());
    const points = this.pointsIn(key, window) + 1;
    this.counts.set(key, { windowStart: window.start, points, endsAt: window.end.getTime() });
    return Promise.resolve(points);
  }

  count(key: string, window: CounterWindow): Promise<number> {
    return Promise.resolve(this.pointsIn(key, window));
  }

  private pointsIn(key: string, window: CounterWindow): number {
    const count = this.counts.get(key);
    return count?.windowStart === window.start ? count.points : 0;
  }

  /** Keys seen once (a guessed client id, a passing address) would otherwise stay for good. */
  private pruneNowAndThen(now: number): void {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    for (const [key, count] of this.counts) if (count.endsAt <= now) this.counts.delete(key);
  }
}
