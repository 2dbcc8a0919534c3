export interface RateWindow {
  /** Length of the sliding window in milliseconds. */
  ms: number;
  /** Hits allowed within any such window; 0 means no limit. */
  max: number;
}

export type RateResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Record an attempt by key. A refused attempt is not counted, so waiting always helps. */
  hit(key: string): RateResult;
  reset(): void;
  /** How many keys are held in memory. */
  readonly size: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * In-memory sliding-window limits, all of which must allow a hit (for example
 * 5 per 10 minutes and 20 per day). Memory stays bounded: keys whose hits have
 * all expired are swept, and beyond maxKeys the least recently seen are dropped.
 */
export function createRateLimiter(options: {
  windows: RateWindow[];
  now?: () => number;
  maxKeys?: number;
}): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = options.windows.filter((w) => w.max > 0);
  // Hits older than the longest limited window can never matter again.
  const horizon = Math.max(0, ...windows.map((w) => w.ms));
  // Per key, the times of allowed hits, oldest first; Map order is least recently seen first.
  const hits = new Map<string, number[]>();
  let lastSweep = now();

  function sweep(t: number): void {
    for (const [key, times] of hits) {
      if (times[times.length - 1] <= t - horizon) hits.delete(key);
    }
    lastSweep = t;
  }

  return {
    hit(key) {
      if (windows.length === 0) return { ok: true };
      const t = now();
      if (t - lastSweep >= Math.min(horizon, SWEEP_EVERY_MS)) sweep(t);
      const times = (hits.get(key) ?? []).filter((time) => time > t - horizon);
      hits.delete(key);
      let waitMs = 0;
      for (const { ms, max } of windows) {
        const inWindow = times.filter((time) => time > t - ms);
        // The oldest hit that keeps this window full has to leave it first.
        if (inWindow.length >= max) waitMs = Math.max(waitMs, inWindow[inWindow.length - max] + ms - t);
      }
      if (waitMs === 0) times.push(t);
      if (times.length > 0) hits.set(key, times);
      while (hits.size > maxKeys) hits.delete(hits.keys().next().value!);
      return waitMs === 0 ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
    reset() {
      hits.clear();
    },
    get size() {
      return hits.size;
    },
  };
}
