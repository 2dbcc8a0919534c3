import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addFacilitator, disableFacilitator } from '../../../src/lib/accounts/facilitators.ts';
import { checkSignIn, createSignInLimiter } from '../../../src/lib/accounts/signIn.ts';
import { openStore, type Store } from '../../../src/lib/store/store.ts';

const MINUTE = 60_000;

describe('checkSignIn', () => {
  let dir: string;
  let store: Store;
  const PASSWORD = 'correct horse battery';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-signin-'));
    store = await openStore({ dataDir: dir });
    const cli = { actor: 'cli' };
    await addFacilitator(store, { email: 'known@example.org', role: 'facilitator', place: 'derby', password: PASSWORD }, cli);
    const off = await addFacilitator(store, { email: 'off@example.org', role: 'facilitator', place: 'derby', password: PASSWORD }, cli);
    if (off.ok) await disableFacilitator(store, off.facilitator.id, { actor: 'cli' });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the right password, whatever the email case', async () => {
    expect(await checkSignIn(store, createSignInLimiter({ windows: store.rateLimits.window }), ' Known@Example.org ', PASSWORD)).toMatchObject({ status: 'ok', facilitator: { email: 'known@example.org' } });
  });

  it('gives one answer for a wrong password, an unknown email and a disabled account', async () => {
    const counter = createSignInLimiter({ windows: store.rateLimits.window });
    expect(await checkSignIn(store, counter, 'known@example.org', 'wrong password!')).toEqual({ status: 'failed', email: 'known@example.org' });
    expect(await checkSignIn(store, counter, 'nobody@example.org', PASSWORD)).toEqual({ status: 'failed', email: 'nobody@example.org' });
    expect(await checkSignIn(store, counter, 'off@example.org', PASSWORD)).toEqual({ status: 'failed', email: 'off@example.org' });
  });

  it('locks an email after 10 failures, known or not, and then refuses even the right password', async () => {
    for (const email of ['known@example.org', 'nobody@example.org']) {
      const counter = createSignInLimiter({ windows: store.rateLimits.window });
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push((await checkSignIn(store, counter, email, `wrong password ${i}`)).status);
      expect(answers).toEqual([...Array(9).fill('failed'), 'locked']);
      const locked = await checkSignIn(store, counter, email.toUpperCase(), PASSWORD);
      expect(locked).toMatchObject({ status: 'locked' });
      expect(locked.status === 'locked' && locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    }
  });

  it('holds when guesses arrive all at once: only the first 10 are checked, so a right password among the rest gets nothing', async () => {
    const counter = createSignInLimiter({ windows: store.rateLimits.window });
    const guesses = Array.from({ length: 24 }, (_, i) => (i === 15 ? PASSWORD : `wrong password ${i}`));
    const answers = await Promise.all(guesses.map((password) => checkSignIn(store, counter, 'known@example.org', password)));
    expect(answers[15]).toMatchObject({ status: 'locked' });
    expect(answers.filter((a) => a.status === 'failed')).toHaveLength(9);
    expect(answers.filter((a) => a.status === 'locked')).toHaveLength(15);
  });

  describe('on a clock', () => {
    // The lock's window runs on the clock and timers: faked, so 15 minutes pass at once.
    afterEach(() => vi.useRealTimers());

    it('locks at the 10th failure within 15 minutes, says how long to wait, counts nothing while locked, and lifts 15 minutes after the first', async () => {
      vi.useFakeTimers({ now: 0, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
      const counter = createSignInLimiter({ windows: store.rateLimits.window });
      for (let i = 1; i < 10; i++) {
        expect(await checkSignIn(store, counter, 'known@example.org', `wrong password ${i}`)).toEqual({ status: 'failed', email: 'known@example.org' });
        vi.advanceTimersByTime(MINUTE);
      }
      // Failures at 0..9 minutes: the 10th locks until the first is 15 minutes old.
      expect(await checkSignIn(store, counter, 'known@example.org', 'wrong password 10')).toEqual({ status: 'locked', email: 'known@example.org', retryAfterSeconds: 6 * 60 });
      for (let i = 0; i < 100; i++) {
        expect(await checkSignIn(store, counter, 'known@example.org', PASSWORD)).toEqual({ status: 'locked', email: 'known@example.org', retryAfterSeconds: 6 * 60 });
      }
      expect(await checkSignIn(store, counter, 'nobody@example.org', 'wrong password')).toEqual({ status: 'failed', email: 'nobody@example.org' });
      vi.advanceTimersByTime(6 * MINUTE);
      expect((await checkSignIn(store, counter, 'known@example.org', PASSWORD)).status).toBe('ok');
    }, 30_000);
  });

  it("forgets an email's failures after a right password", async () => {
    const counter = createSignInLimiter({ windows: store.rateLimits.window });
    for (let i = 0; i < 9; i++) await checkSignIn(store, counter, 'known@example.org', `wrong password ${i}`);
    // The right one is the 10th attempt: it signs in, and the count starts again.
    expect((await checkSignIn(store, counter, 'known@example.org', PASSWORD)).status).toBe('ok');
    expect((await checkSignIn(store, counter, 'known@example.org', 'wrong password')).status).toBe('failed');
  }, 30_000);
});
