import { describe, expect, it } from 'vitest';
import {
  checkSession,
  csrfTokensMatch,
  HALF_SIGNED_IN_MS,
  IDLE_MS,
  newCsrfToken,
  passwordGiven,
  recentlyProven,
  secondStepPassed,
  type SessionAuth,
} from '../../../src/lib/accounts/session.ts';
import type { FacilitatorAccount } from '../../../src/lib/accounts/facilitators.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 0, 5, 9, 0);

const facilitator: FacilitatorAccount = {
  id: 'f1',
  email: 'worker@example.org',
  role: 'facilitator',
  place: 'barnsley',
  passwordHash: '$argon2id$…',
  disabled: false,
  createdAt: new Date(T0).toISOString(),
  sessionsValidFrom: null,
};
const find = async (id: string) => (id === facilitator.id ? facilitator : null);
const auth = (over: Partial<SessionAuth> = {}): SessionAuth => ({ facilitatorId: 'f1', csrfToken: 'token', createdAt: T0, lastSeen: T0, secondStepAt: T0, provenAt: null, ...over });

describe('session expiry, with a fake clock', () => {
  it('signs out after 30 minutes without a request (README)', async () => {
    expect(IDLE_MS).toBe(30 * MINUTE);
  });

  it('is active right after signing in, and does not write lastSeen again within a minute', async () => {
    expect(await checkSession(auth(), find, T0)).toEqual({ ok: true, facilitator, signedIn: true, touch: false });
    expect(await checkSession(auth(), find, T0 + MINUTE - 1)).toMatchObject({ ok: true, touch: false });
    expect(await checkSession(auth(), find, T0 + MINUTE)).toMatchObject({ ok: true, touch: true });
  });

  it('ends after 30 minutes idle', async () => {
    expect(await checkSession(auth(), find, T0 + IDLE_MS - 1)).toMatchObject({ ok: true });
    expect(await checkSession(auth(), find, T0 + IDLE_MS)).toEqual({ ok: false, reason: 'idle' });
  });

  it('stays while in use: each request within 30 minutes of the last written lastSeen keeps it', async () => {
    let session = auth();
    // A request every 29 minutes for 11 hours.
    for (let t = T0 + 29 * MINUTE; t < T0 + 11 * HOUR; t += 29 * MINUTE) {
      const check = await checkSession(session, find, t);
      expect(check).toMatchObject({ ok: true, touch: true });
      session = { ...session, lastSeen: t };
    }
  });

  it('ends 12 hours after signing in however busy, and that wins over idle', async () => {
    const busy = auth({ lastSeen: T0 + 12 * HOUR - MINUTE });
    expect(await checkSession(busy, find, T0 + 12 * HOUR - 1)).toMatchObject({ ok: true });
    expect(await checkSession(busy, find, T0 + 12 * HOUR)).toEqual({ ok: false, reason: 'absolute' });
    expect(await checkSession(auth(), find, T0 + 12 * HOUR)).toEqual({ ok: false, reason: 'absolute' });
  });

  it('ends at once for a disabled or removed account', async () => {
    expect(await checkSession(auth(), async (id) => (id === 'f1' ? { ...facilitator, disabled: true } : null), T0 + 1)).toEqual({ ok: false, reason: 'disabled' });
    expect(await checkSession(auth({ facilitatorId: 'gone' }), find, T0 + 1)).toEqual({ ok: false, reason: 'no-account' });
  });

  it.each([undefined, null, 'text', {}, { ...auth(), createdAt: 'yesterday' }, { ...auth(), csrfToken: '' }])('treats damaged data %j as no session', async (value) => {
    expect(await checkSession(value, find, T0)).toEqual({ ok: false, reason: 'damaged' });
  });
});

describe('half signed in: the password given, the second step not yet', () => {
  it('starts half signed in, with a CSRF token of its own for signing out', async () => {
    const half = passwordGiven('f1', T0);
    expect(half).toEqual({ facilitatorId: 'f1', csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), createdAt: T0, lastSeen: T0, secondStepAt: null, provenAt: null });
    expect(await checkSession(half, find, T0 + 1000)).toMatchObject({ ok: true, signedIn: false });
  });

  it('ends 5 minutes after the password, however busy', async () => {
    expect(HALF_SIGNED_IN_MS).toBe(5 * MINUTE);
    const half = { ...passwordGiven('f1', T0), lastSeen: T0 + 4 * MINUTE };
    expect(await checkSession(half, find, T0 + 5 * MINUTE - 1)).toMatchObject({ ok: true, signedIn: false });
    expect(await checkSession(half, find, T0 + 5 * MINUTE)).toEqual({ ok: false, reason: 'unfinished' });
  });

  it('is signed in once the second step is passed, with a new CSRF token, and keeps the usual limits', async () => {
    const half = passwordGiven('f1', T0);
    const signedIn = secondStepPassed(half, T0 + 2 * MINUTE);
    expect(signedIn).toMatchObject({ createdAt: T0, lastSeen: T0 + 2 * MINUTE, secondStepAt: T0 + 2 * MINUTE });
    expect(signedIn.csrfToken).not.toBe(half.csrfToken);
    expect(await checkSession(signedIn, find, T0 + 10 * MINUTE)).toMatchObject({ ok: true, signedIn: true });
    expect(await checkSession(signedIn, find, T0 + 2 * MINUTE + IDLE_MS)).toEqual({ ok: false, reason: 'idle' });
  });

  it('a session from before two-step sign-in (no second-step time) is over', async () => {
    const { secondStepAt: _, provenAt: __, ...old } = auth();
    expect(await checkSession(old, find, T0)).toEqual({ ok: false, reason: 'damaged' });
  });

  it('changing factors needs the password or a second step within the last 5 minutes', () => {
    const signedIn = secondStepPassed(passwordGiven('f1', T0), T0 + MINUTE);
    expect(recentlyProven(signedIn, T0 + 6 * MINUTE - 1)).toBe(true);
    expect(recentlyProven(signedIn, T0 + 6 * MINUTE)).toBe(false);
    expect(recentlyProven({ ...signedIn, provenAt: T0 + HOUR }, T0 + HOUR + 4 * MINUTE)).toBe(true);
    // Half signed in without a factor: the password was just given, so a first one may be set up.
    expect(recentlyProven(passwordGiven('f1', T0), T0 + 4 * MINUTE)).toBe(true);
  });
});

describe('sessions valid from', () => {
  const from = (ms: number) => async () => ({ ...facilitator, sessionsValidFrom: new Date(ms).toISOString() });

  it('ends a session signed in before its account was disabled or had its password set', async () => {
    expect(await checkSession(auth(), from(T0 + 1), T0 + MINUTE)).toEqual({ ok: false, reason: 'ended' });
  });

  it('keeps a session signed in at or after that time', async () => {
    expect(await checkSession(auth(), from(T0), T0 + MINUTE)).toMatchObject({ ok: true });
    expect(await checkSession(auth({ createdAt: T0 + HOUR, lastSeen: T0 + HOUR }), from(T0 + 1), T0 + HOUR)).toMatchObject({ ok: true });
  });
});

describe('CSRF tokens', () => {
  it('are 256 random bits, url-safe, different each time', async () => {
    const a = newCsrfToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfToken()).not.toBe(a);
  });

  it('match only the same token, and never when either side is missing', async () => {
    const token = newCsrfToken();
    expect(csrfTokensMatch(token, token)).toBe(true);
    expect(csrfTokensMatch(`${token}x`, token)).toBe(false);
    expect(csrfTokensMatch(token.slice(1), token)).toBe(false);
    expect(csrfTokensMatch(null, token)).toBe(false);
    expect(csrfTokensMatch('', token)).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
    expect(csrfTokensMatch(token, null)).toBe(false);
    expect(csrfTokensMatch(new File([token], 'csrf'), token)).toBe(false);
  });
});
