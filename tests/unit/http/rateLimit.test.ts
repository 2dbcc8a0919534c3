import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createRateLimiter as limiterOn, type LimiterOptions } from '../../../src/lib/http/rateLimit.ts';

// Windows in memory, as the embedded store keeps them (tests/postgres/storeContract.test.ts checks the shared ones).
const createRateLimiter = (limits: Parameters<typeof limiterOn>[1], options: LimiterOptions = {}) =>
  limiterOn('test', limits, { windows: (window) => new RateLimiterMemory(window), ...options });

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = 1_700_000_000_000;

// The limiter's windows run on the clock and its timers: both are faked, so minutes pass at once.
beforeEach(() => vi.useFakeTimers({ now: START }));
afterEach(() => vi.useRealTimers());
const wait = (ms: number) => vi.advanceTimersByTime(ms);

describe('createRateLimiter', () => {
  it('allows 5 in 10 minutes, then refuses with a retry-after', async () => {
    const limiter = createRateLimiter([{ max: 5, seconds: 600 }]);
    for (let i = 0; i < 5; i++) {
      expect(await limiter.hit('a')).toEqual({ ok: true, left: 4 - i });
      wait(MINUTE);
    }
    // First hit was at 0, it is now 5 minutes later: 5 more minutes to wait.
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 300 });
    expect(await limiter.hit('b')).toMatchObject({ ok: true });
  });

  it('counts in a window from the first hit; refusals do not count, so waiting always helps', async () => {
    const limiter = createRateLimiter([{ max: 2, seconds: 600 }]);
    await limiter.hit('a'); // t = 0: the window runs to t = 10
    wait(4 * MINUTE);
    await limiter.hit('a'); // t = 4
    wait(1 * MINUTE);
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 300 });
    for (let i = 0; i < 100; i++) await limiter.hit('a');
    wait(5 * MINUTE - 1);
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    wait(1); // t = 10: a new window
    expect(await limiter.hit('a')).toMatchObject({ ok: true });
    expect(await limiter.hit('a')).toMatchObject({ ok: true });
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 600 });
  });

  it('applies every window: 5 per 10 minutes and 20 per day', async () => {
    const limiter = createRateLimiter([
      { max: 5, seconds: 600 },
      { max: 20, seconds: DAY / 1000 },
    ]);
    for (let i = 0; i < 20; i++) {
      expect((await limiter.hit('a')).ok).toBe(true);
      wait(3 * MINUTE);
    }
    // The 10-minute window has room now; the day does not, until a day after the first hit.
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: (DAY - 60 * MINUTE) / 1000 });
    wait(DAY - 60 * MINUTE);
    expect(await limiter.hit('a')).toMatchObject({ ok: true });
  });

  it('counts an attempt one window refuses in no window', async () => {
    const limiter = createRateLimiter([
      { max: 5, seconds: 600 },
      { max: 6, seconds: DAY / 1000 },
    ]);
    for (let i = 0; i < 5; i++) expect(await limiter.hit('a')).toEqual({ ok: true, left: 4 - i });
    // Refused by the 10 minutes: the day's sixth is still free.
    for (let i = 0; i < 10; i++) expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 600 });
    wait(10 * MINUTE);
    expect(await limiter.hit('a')).toMatchObject({ ok: true });
    // Refused by the day: nothing more is counted in the new 10 minutes either.
    expect(await limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: (DAY - 10 * MINUTE) / 1000 });
    wait(DAY - 10 * MINUTE);
    for (let i = 0; i < 5; i++) expect((await limiter.hit('a')).ok, `hit ${i + 1} of a new day`).toBe(true);
  });

  it('treats max 0 as no limit', async () => {
    const unlimited = createRateLimiter([{ max: 0, seconds: 60 }]);
    for (let i = 0; i < 1000; i++) expect((await unlimited.hit('a')).ok).toBe(true);

    const mixed = createRateLimiter([
      { max: 0, seconds: 60 },
      { max: 3, seconds: DAY / 1000 },
    ]);
    for (let i = 0; i < 3; i++) expect((await mixed.hit('a')).ok).toBe(true);
    expect((await mixed.hit('a')).ok).toBe(false);
  });

  it('holds at most maxKeys, forgetting the least recently seen', async () => {
    const limiter = createRateLimiter([{ max: 1, seconds: DAY / 1000 }], { maxKeys: 100 });
    await limiter.hit('persistent');
    for (let i = 0; i < 1000; i++) {
      await limiter.hit(`flood-${i}`);
      if (i % 50 === 0) expect((await limiter.hit('persistent')).ok).toBe(false);
    }
    expect((await limiter.hit('persistent')).ok).toBe(false);
    // Still remembered: the last 99 floods and the persistent key. Forgotten: everything before.
    expect((await limiter.hit('flood-999')).ok).toBe(false);
    expect((await limiter.hit('flood-901')).ok).toBe(false);
    expect((await limiter.hit('flood-0')).ok).toBe(true);
  });

  it('checks without counting, takes back one attempt, and clears a key', async () => {
    const limiter = createRateLimiter([{ max: 2, seconds: 600 }]);
    for (let i = 0; i < 10; i++) expect(await limiter.check('a')).toMatchObject({ ok: true });
    await limiter.hit('a');
    await limiter.hit('a');
    expect(await limiter.check('a')).toEqual({ ok: false, retryAfterSeconds: 600 });
    await limiter.undo('a');
    expect(await limiter.check('a')).toMatchObject({ ok: true });
    expect(await limiter.hit('a')).toMatchObject({ ok: true });
    expect((await limiter.hit('a')).ok).toBe(false);
    await limiter.clear('a');
    expect(await limiter.hit('a')).toMatchObject({ ok: true });
    expect(await limiter.hit('a')).toMatchObject({ ok: true });
  });
});
