// The rules for a facilitator's session: what it holds, when it ends, when it is written again.
// Pure (the clock is a parameter), so expiry is unit-tested with a fake clock.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FacilitatorAccount } from './facilitators.ts';

export const SESSION_COOKIE = '__Host-voices-session';
/** Signed out after 30 minutes without a request. */
export const IDLE_MS = 30 * 60_000;
/** Signed out 12 hours after signing in, however busy. */
const ABSOLUTE_MS = 12 * 60 * 60_000;
/** lastSeen is written at most once a minute, so browsing does not write the store on every click. */
const TOUCH_EVERY_MS = 60_000;

/** A session as the store keeps it (sessionDriver.ts). */
export interface SessionRecord {
  id: string;
  /** Astro's serialised session data, opaque to the store. */
  value: string;
  /** ms since epoch; an expired record is dropped. */
  expiresAt: number;
}

/** What a signed-in session holds (the `auth` key of Astro's session). */
export interface SessionAuth {
  facilitatorId: string;
  /** Sent back in every moderation form (access.ts checkCsrf). */
  csrfToken: string;
  /** ms since epoch. */
  createdAt: number;
  /** ms since epoch; at most TOUCH_EVERY_MS old while the session is in use. */
  lastSeen: number;
}

type SessionCheck =
  | { ok: true; facilitator: FacilitatorAccount; touch: boolean }
  | { ok: false; reason: 'idle' | 'absolute' | 'no-account' | 'disabled' | 'ended' | 'damaged' };

function isSessionAuth(value: unknown): value is SessionAuth {
  const auth = value as Partial<SessionAuth> | null;
  return (
    typeof auth === 'object' &&
    auth !== null &&
    typeof auth.facilitatorId === 'string' &&
    typeof auth.csrfToken === 'string' &&
    auth.csrfToken.length > 0 &&
    Number.isFinite(auth.createdAt) &&
    Number.isFinite(auth.lastSeen)
  );
}

/**
 * Whether the session may go on at `now`, for whom, and whether lastSeen is due to be written. A
 * session signed in before its account's sessionsValidFrom (moved by disable and set-password) is over.
 */
export async function checkSession(
  auth: unknown,
  findFacilitator: (id: string) => Promise<FacilitatorAccount | null>,
  now: number,
): Promise<SessionCheck> {
  if (!isSessionAuth(auth)) return { ok: false, reason: 'damaged' };
  if (now - auth.createdAt >= ABSOLUTE_MS) return { ok: false, reason: 'absolute' };
  if (now - auth.lastSeen >= IDLE_MS) return { ok: false, reason: 'idle' };
  const facilitator = await findFacilitator(auth.facilitatorId);
  if (!facilitator) return { ok: false, reason: 'no-account' };
  if (facilitator.disabled) return { ok: false, reason: 'disabled' };
  if (facilitator.sessionsValidFrom !== null && auth.createdAt < Date.parse(facilitator.sessionsValidFrom)) return { ok: false, reason: 'ended' };
  return { ok: true, facilitator, touch: now - auth.lastSeen >= TOUCH_EVERY_MS };
}

/** A fresh CSRF token for a new session: 256 random bits. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a form's csrf field equals the session's token, compared in constant time. */
export function csrfTokensMatch(sent: unknown, expected: string | null | undefined): boolean {
  if (typeof sent !== 'string' || sent === '' || !expected) return false;
  // Digests have one length, so timingSafeEqual never throws and the length is not given away.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}
