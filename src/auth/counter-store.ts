/**
 * A fixed window of a rate limit, aligned to the epoch: every instance derives the same window from the
 * clock alone. The price of fixed windows is the edge: up to twice the limit can pass in the moments
 * around a window's end (the end of one window, then the start of the next).
 */
export interface CounterWindow {
  /** ISO instant the window starts at; with the key, it names the counter. */
  readonly start: string;
  readonly end: Date;
}

export function windowAt(now: Date, seconds: number): CounterWindow {
  const length = seconds * 1000;
  const start = Math.floor(now.getTime() / length) * length;
  return { start: new Date(start).toISOString(), end: new Date(start + length) };
}

/** Where rate-limit counts are kept: this process's memory, or a table every instance shares. */
export interface CounterStore {
  /** Adds one to the key's count in `window`; the count after it, other instances' additions included. */
  add(key: string, window: CounterWindow, now: Date): Promise<number>;
  /** The key's count in `window`, 0 when nothing was counted. */
  count(key: string, window: CounterWindow): Promise<number>;
}

/** Ended windows are forgotten at most this often (per instance), not on every count. */
export const PRUNE_EVERY_MS = 60_000;
