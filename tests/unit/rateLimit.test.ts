import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/lib/http/rateLimit.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('createRateLimiter', () => {
  it('allows 5 in 10 minutes, then refuses with a retry-after', () => {
    const c = clock();
    const limiter = createRateLimiter({ windows: [{ ms: 10 * MINUTE, max: 5 }], now: c.now });
    for (let i = 0; i < 5; i++) {
      expect(limiter.hit('a')).toEqual({ ok: true });
      c.t += MINUTE;
    }
    // First hit was at 0, it is now 5 minutes later: 5 more minutes to wait.
    expect(limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 300 });
    expect(limiter.hit('b')).toEqual({ ok: true });
  });

  it('slides: each hit leaves the window ms after it was made, and refusals do not count', () => {
    const c = clock();
    const limiter = createRateLimiter({ windows: [{ ms: 10 * MINUTE, max: 2 }], now: c.now });
    limiter.hit('a'); // t = 0
    c.t += 4 * MINUTE;
    limiter.hit('a'); // t = 4
    c.t += 1 * MINUTE;
    expect(limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 300 });
    c.t += 5 * MINUTE - 1;
    expect(limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    c.t += 1; // t = 10: the first hit has left
    expect(limiter.hit('a')).toEqual({ ok: true });
    expect(limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: 4 * 60 });
  });

  it('applies every window: 5 per 10 minutes and 20 per day', () => {
    const c = clock();
    const limiter = createRateLimiter({
      windows: [
        { ms: 10 * MINUTE, max: 5 },
        { ms: DAY, max: 20 },
      ],
      now: c.now,
    });
    for (let i = 0; i < 20; i++) {
      expect(limiter.hit('a').ok).toBe(true);
      c.t += 3 * MINUTE;
    }
    // The 10-minute window has room now; the day does not, until the first hit is a day old.
    expect(limiter.hit('a')).toEqual({ ok: false, retryAfterSeconds: (DAY - 60 * MINUTE) / 1000 });
    c.t = clock().t + DAY;
    expect(limiter.hit('a')).toEqual({ ok: true });
  });

  it('treats max 0 as no limit', () => {
    const c = clock();
    const unlimited = createRateLimiter({ windows: [{ ms: MINUTE, max: 0 }], now: c.now });
    for (let i = 0; i < 1000; i++) expect(unlimited.hit('a').ok).toBe(true);
    expect(unlimited.size).toBe(0);

    const mixed = createRateLimiter({
      windows: [
        { ms: MINUTE, max: 0 },
        { ms: DAY, max: 3 },
      ],
      now: c.now,
    });
    for (let i = 0; i < 3; i++) expect(mixed.hit('a').ok).toBe(true);
    expect(mixed.hit('a').ok).toBe(false);
  });

  it('forgets keys whose hits have expired', () => {
    const c = clock();
    const limiter = createRateLimiter({ windows: [{ ms: 10 * MINUTE, max: 5 }], now: c.now });
    for (let i = 0; i < 1000; i++) limiter.hit(`flood-${i}`);
    expect(limiter.size).toBe(1000);
    c.t += 10 * MINUTE;
    limiter.hit('later');
    expect(limiter.size).toBe(1);
  });

  it('holds at most maxKeys, dropping the least recently seen', () => {
    const c = clock();
    const limiter = createRateLimiter({ windows: [{ ms: DAY, max: 1 }], now: c.now, maxKeys: 100 });
    limiter.hit('persistent');
    for (let i = 0; i < 1000; i++) {
      limiter.hit(`flood-${i}`);
      if (i % 50 === 0) expect(limiter.hit('persistent').ok).toBe(false);
    }
    expect(limiter.size).toBe(100);
    expect(limiter.hit('persistent').ok).toBe(false);
    expect(limiter.hit('flood-0').ok).toBe(true);
  });

  it('resets', () => {
    const c = clock();
    const limiter = createRateLimiter({ windows: [{ ms: MINUTE, max: 1 }], now: c.now });
    limiter.hit('a');
    expect(limiter.hit('a').ok).toBe(false);
    limiter.reset();
    expect(limiter.hit('a').ok).toBe(true);
  });
});
