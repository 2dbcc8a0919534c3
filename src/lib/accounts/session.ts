// The rules for a facilitator's session: what it holds, when it ends, when it is written again.
// A session starts half signed in (the password only) and is signed in once the second step is
// passed. Pure (the clock is a parameter), so expiry is unit-tested with a fake clock.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FacilitatorAccount } from './facilitators.ts';

export const SESSION_COOKIE = '__Host-voices-session';
/** Signed out after 30 minutes without a request. */
export const IDLE_MS = 30 * 60_000;
/** Signed out 12 hours after signing in, however busy. */
const ABSOLUTE_MS = 12 * 60 * 60_000;
/** A session with the password only ends 5 minutes after it was given. */
export const HALF_SIGNED_IN_MS = 5 * 60_000;
/** Adding or removing a factor needs the password or a second step given within this long. */
const RECENT_PROOF_MS = 5 * 60_000;
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
  /** ms since epoch: when the second step was passed; null while only the password has been given. */
  secondStepAt: number | null;
  /** ms since epoch: when the password or a second step was last given again on /moderate/security. */
  provenAt: number | null;
}

type SessionCheck =
  /** signedIn: false while only the password has been given. */
  | { ok: true; facilitator: FacilitatorAccount; signedIn: boolean; touch: boolean }
  | { ok: false; reason: 'idle' | 'absolute' | 'unfinished' | 'no-account' | 'disabled' | 'ended' | 'damaged' };

const isTimeOrNull = (value: unknown) => value === null || Number.isFinite(value);

function isSessionAuth(value: unknown): value is SessionAuth {
  const auth = value as Partial<SessionAuth> | null;
  return (
    typeof auth === 'object' &&
    auth !== null &&
    typeof auth.facilitatorId === 'string' &&
    typeof auth.csrfToken === 'string' &&
    auth.csrfToken.length > 0 &&
    Number.isFinite(auth.createdAt) &&
    Number.isFinite(auth.lastSeen) &&
    isTimeOrNull(auth.secondStepAt) &&
    isTimeOrNull(auth.provenAt)
  );
}

/**
 * Whether the session may go on at `now`, for whom, whether it is signed in or half way, and
 * whether lastSeen is due to be written. A session begun before its account's sessionsValidFrom
 * (moved by disable, set-password and a second-factor reset) is over; so is a half-signed-in one
 * 5 minutes after its password.
 */
export async function checkSession(
  auth: unknown,
  findFacilitator: (id: string) => Promise<FacilitatorAccount | null>,
  now: number,
): Promise<SessionCheck> {
  if (!isSessionAuth(auth)) return { ok: false, reason: 'damaged' };
  if (now - auth.createdAt >= ABSOLUTE_MS) return { ok: false, reason: 'absolute' };
  if (auth.secondStepAt === null && now - auth.createdAt >= HALF_SIGNED_IN_MS) return { ok: false, reason: 'unfinished' };
  if (now - auth.lastSeen >= IDLE_MS) return { ok: false, reason: 'idle' };
  const facilitator = await findFacilitator(auth.facilitatorId);
  if (!facilitator) return { ok: false, reason: 'no-account' };
  if (facilitator.disabled) return { ok: false, reason: 'disabled' };
  if (facilitator.sessionsValidFrom !== null && auth.createdAt < Date.parse(facilitator.sessionsValidFrom)) return { ok: false, reason: 'ended' };
  return { ok: true, facilitator, signedIn: auth.secondStepAt !== null, touch: now - auth.lastSeen >= TOUCH_EVERY_MS };
}

/** A session after the password: half signed in, with a CSRF token of its own (sign-out needs it). */
export function passwordGiven(facilitatorId: string, now: number): SessionAuth {
  return { facilitatorId, csrfToken: newCsrfToken(), createdAt: now, lastSeen: now, secondStepAt: null, provenAt: null };
}

/** The same session once the second step is passed: signed in, with a new CSRF token (the caller gives it a new id too). */
export function secondStepPassed(auth: SessionAuth, now: number): SessionAuth {
  return { ...auth, csrfToken: newCsrfToken(), lastSeen: now, secondStepAt: now };
}

/** Whether the password or a second step was given within the last few minutes, so factors may change. */
export function recentlyProven(auth: SessionAuth, now: number): boolean {
  return now - Math.max(auth.createdAt, auth.secondStepAt ?? 0, auth.provenAt ?? 0) < RECENT_PROOF_MS;
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
