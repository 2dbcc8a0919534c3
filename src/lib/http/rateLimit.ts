// Every limit on what one visitor (or one workshop code, or one email at sign-in) may do: shares,
// receipt look-ups, workshop-code guesses and the sign-in lockout. Counting is
// rate-limiter-flexible's memory limiter: a fixed window per key, starting at its first counted
// attempt (its PostgreSQL limiter has the same interface, for running several servers).
// Keys are opaque (an address's HMAC from clientKey.ts, an email's from signIn.ts, a workshop code's
// id): never an address or an email.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

interface Limit {
  /** Attempts allowed per window; 0 means no limit. */
  max: number;
  /** The window's length in seconds. */
  seconds: number;
}

type RateResult = { ok: true } | { ok: false; retryAfterSeconds: number };
/** An attempt counted, with how many more the fullest window allows; or refused. */
type HitResult = { ok: true; left: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts an attempt if every limit allows it. A refused attempt counts nothing, so waiting always helps. */
  hit(key: string): Promise<HitResult>;
  /** Whether an attempt would be allowed now, without counting one. */
  check(key: string): Promise<RateResult>;
  /** Takes back one counted attempt (a right workshop code was no guess). */
  undo(key: string): Promise<void>;
  /** Forgets key's attempts (a right password clears its failures). */
  clear(key: string): Promise<void>;
}

const refused = (ms: number): { ok: false; retryAfterSeconds: number } => ({ ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });

/**
 * Limits that must all allow an attempt, e.g. 5 per 10 minutes and 20 per day. Memory stays
 * bounded: a window's count goes when the window ends, and beyond maxKeys the keys seen least
 * recently are forgotten first.
 */
export function createRateLimiter(limits: readonly Limit[], options: { maxKeys?: number } = {}): RateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  const windows = limits.filter((limit) => limit.max > 0).map((limit) => new RateLimiterMemory({ points: limit.max, duration: limit.seconds }));
  // Keys in the order last seen, oldest first.
  const seen = new Map<string, true>();
  const forget = (key: string) => {
    seen.delete(key);
    return Promise.all(windows.map((window) => window.delete(key)));
  };

  return {
    async hit(key) {
      if (windows.length === 0) return { ok: true, left: Infinity };
      seen.delete(key);
      seen.set(key, true);
      while (seen.size > maxKeys) void forget(seen.keys().next().value!);
      // Every window counts it at once (before any await, so attempts are counted as they arrive);
      // a refusal by any is taken back from all, so it counts nothing.
      const results = await Promise.allSettled(windows.map((window) => window.consume(key)));
      const counted = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      if (counted.length === results.length) return { ok: true, left: Math.min(...counted.map((res) => res.remainingPoints)) };
      const refusals = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      const error = refusals.find((reason) => !(reason instanceof RateLimiterRes));
      if (error) throw error;
      await Promise.all(windows.map((window) => window.reward(key)));
      return refused(Math.max(...(refusals as RateLimiterRes[]).map((res) => res.msBeforeNext)));
    },
    async check(key) {
      let waitMs = 0;
      for (const window of windows) {
        const res = await window.get(key);
        if (res && res.msBeforeNext > 0 && res.consumedPoints >= window.points) waitMs = Math.max(waitMs, res.msBeforeNext);
      }
      return waitMs === 0 ? { ok: true } : refused(waitMs);
    },
    async undo(key) {
      await Promise.all(windows.map((window) => window.reward(key)));
    },
    async clear(key) {
      await forget(key);
    },
  };
}
