import { describe, expect, it } from 'vitest';
import {
  checkSession,
  csrfTokensMatch,
  IDLE_MS,
  newCsrfToken,
  sessionBelongsTo,
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
};
const find = (id: string) => (id === facilitator.id ? facilitator : undefined);
const auth = (over: Partial<SessionAuth> = {}): SessionAuth => ({ facilitatorId: 'f1', csrfToken: 'token', createdAt: T0, lastSeen: T0, ...over });

describe('session expiry, with a fake clock', () => {
  it('signs out after 30 minutes without a request (README)', () => {
    expect(IDLE_MS).toBe(30 * MINUTE);
  });

  it('is active right after signing in, and does not write lastSeen again within a minute', () => {
    expect(checkSession(auth(), find, T0)).toEqual({ ok: true, facilitator, touch: false });
    expect(checkSession(auth(), find, T0 + MINUTE - 1)).toMatchObject({ ok: true, touch: false });
    expect(checkSession(auth(), find, T0 + MINUTE)).toMatchObject({ ok: true, touch: true });
  });

  it('ends after 30 minutes idle', () => {
    expect(checkSession(auth(), find, T0 + IDLE_MS - 1)).toMatchObject({ ok: true });
    expect(checkSession(auth(), find, T0 + IDLE_MS)).toEqual({ ok: false, reason: 'idle' });
  });

  it('stays while in use: each request within 30 minutes of the last written lastSeen keeps it', () => {
    let session = auth();
    // A request every 29 minutes for 11 hours.
    for (let t = T0 + 29 * MINUTE; t < T0 + 11 * HOUR; t += 29 * MINUTE) {
      const check = checkSession(session, find, t);
      expect(check).toMatchObject({ ok: true, touch: true });
      session = { ...session, lastSeen: t };
    }
  });

  it('ends 12 hours after signing in however busy, and that wins over idle', () => {
    const busy = auth({ lastSeen: T0 + 12 * HOUR - MINUTE });
    expect(checkSession(busy, find, T0 + 12 * HOUR - 1)).toMatchObject({ ok: true });
    expect(checkSession(busy, find, T0 + 12 * HOUR)).toEqual({ ok: false, reason: 'absolute' });
    expect(checkSession(auth(), find, T0 + 12 * HOUR)).toEqual({ ok: false, reason: 'absolute' });
  });

  it('ends at once for a disabled or removed account', () => {
    expect(checkSession(auth(), (id) => (id === 'f1' ? { ...facilitator, disabled: true } : undefined), T0 + 1)).toEqual({ ok: false, reason: 'disabled' });
    expect(checkSession(auth({ facilitatorId: 'gone' }), find, T0 + 1)).toEqual({ ok: false, reason: 'no-account' });
  });

  it.each([undefined, null, 'text', {}, { ...auth(), createdAt: 'yesterday' }, { ...auth(), csrfToken: '' }])('treats damaged data %j as no session', (value) => {
    expect(checkSession(value, find, T0)).toEqual({ ok: false, reason: 'damaged' });
  });
});

describe('sessionBelongsTo', () => {
  // Astro's serialised session, as the driver stores it (devalue's flat array, strings shared by index).
  const stored = (id: string) =>
    JSON.stringify([['Map', 1, 2, 7, 8], 'auth', { data: 3, expires: -1 }, { facilitatorId: 4, csrfToken: 5, createdAt: 6, lastSeen: 6 }, id, 'tok', T0, 'flash', { data: 4, expires: -1 }]);

  it('finds the facilitator id the session points at', () => {
    expect(sessionBelongsTo({ id: 's', value: stored('f1'), expiresAt: 0 }, 'f1')).toBe(true);
    expect(sessionBelongsTo({ id: 's', value: stored('f2'), expiresAt: 0 }, 'f1')).toBe(false);
  });

  it('is false for anything else', () => {
    expect(sessionBelongsTo({ id: 's', value: 'not json', expiresAt: 0 }, 'f1')).toBe(false);
    expect(sessionBelongsTo({ id: 's', value: JSON.stringify(['f1']), expiresAt: 0 }, 'f1')).toBe(false);
    expect(sessionBelongsTo({ id: 's', value: JSON.stringify({ facilitatorId: 'f1' }), expiresAt: 0 }, 'f1')).toBe(false);
  });
});

describe('CSRF tokens', () => {
  it('are 256 random bits, url-safe, different each time', () => {
    const a = newCsrfToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfToken()).not.toBe(a);
  });

  it('match only the same token, and never when either side is missing', () => {
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
