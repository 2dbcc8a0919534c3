// Every limit on what one visitor (or one workshop code, or one email at sign-in) may do: shares,
// receipt look-ups, workshop-code guesses and the sign-in lockout. Counting is rate-limiter-flexible's:
// a fixed window per key, starting at its first counted attempt, kept by the store (store.ts
// rateLimits): in memory for the embedded store, in PostgreSQL (shared by every server) otherwise.
// Keys are opaque (an address's HMAC from clientKey.ts, an email's from signIn.ts, a workshop code's
// id): never an address or an email.
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { getStore, type RateWindow } from '../store/store.ts';

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

export interface LimiterOptions {
  /** Keys in memory beyond which the keys seen least recently are forgotten first. */
  maxKeys?: number;
  /** Where windows count: the store's by default. */
  windows?: (window: RateWindow) => RateLimiterAbstract;
}

/**
 * Limits that must all allow an attempt, e.g. 5 per 10 minutes and 20 per day. `name` keeps this
 * limiter's counts apart from every other's. Memory stays bounded: a window's count goes when the
 * window ends, and beyond maxKeys the keys seen least recently are forgotten first.
 */
export function createRateLimiter(name: string, limits: readonly Limit[], options: LimiterOptions = {}): RateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  const limited = limits.filter((limit) => limit.max > 0);
  const make = async (): Promise<RateLimiterAbstract[]> => {
    const window = options.windows ?? (await getStore()).rateLimits.window;
    return limited.map((limit) => window({ keyPrefix: `${name}-${limit.seconds}`, points: limit.max, duration: limit.seconds }));
  };
  let built: RateLimiterAbstract[] | undefined;
  let building: Promise<RateLimiterAbstract[]> | undefined;
  // Once built, windows are used at once (no await), so attempts are counted as they arrive.
  const windowsNow = async () => built ?? (built = await (building ??= make()));
  // Keys in the order last seen, oldest first.
  const seen = new Map<string, true>();
  const forget = async (key: string) => {
    seen.delete(key);
    await Promise.all((await windowsNow()).map((window) => window.delete(key)));
  };

  return {
    async hit(key) {
      if (limited.length === 0) return { ok: true, left: Infinity };
      const windows = built ?? (await windowsNow());
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
      for (const window of await windowsNow()) {
        const res = await window.get(key);
        if (res && res.msBeforeNext > 0 && res.consumedPoints >= window.points) waitMs = Math.max(waitMs, res.msBeforeNext);
      }
      return waitMs === 0 ? { ok: true } : refused(waitMs);
    },
    async undo(key) {
      await Promise.all((await windowsNow()).map((window) => window.reward(key)));
    },
    async clear(key) {
      await forget(key);
    },
  };
}
