// Checking a facilitator's email and password: one answer whether or not the account exists, and
// a lock after too many failures for one email. Nothing here is logged.
import { createHmac } from 'node:crypto';
import { findFacilitatorByEmail, normaliseEmail, type FacilitatorAccount } from './facilitators.ts';
import { verifyPassword } from './passwords.ts';
import type { Store } from '../store/store.ts';
import { createRateLimiter, type LimiterOptions, type RateLimiter } from '../http/rateLimit.ts';

/**
 * Sign-in attempts per email: each counts until a right password clears them, and after 10 in
 * 15 minutes that email waits until 15 minutes after the first of them.
 */
export function createSignInLimiter(options: LimiterOptions = {}): RateLimiter {
  return createRateLimiter('sign-in', [{ max: 10, seconds: 15 * 60 }], options);
}

// The limiter is keyed by an HMAC under the server secret, so it never holds an email address, and
// every server counts one email's attempts alike.
const keyOf = (store: Store, email: string) => createHmac('sha256', store.secret).update(`voices-sign-in:${email}`).digest('base64url');

type SignInCheck =
  | { status: 'ok'; facilitator: FacilitatorAccount }
  /** Wrong email, wrong password, or a disabled account: one answer for all three. */
  | { status: 'failed'; email: string }
  | { status: 'locked'; email: string; retryAfterSeconds: number };

/**
 * Check a sign-in whose form is filled in (signInForm.ts: a form with an empty field never gets
 * here, so it counts nothing). Attempts are counted per email typed, whether or not it has an account.
 */
export async function checkSignIn(store: Store, attempts: RateLimiter, email: string, password: string): Promise<SignInCheck> {
  const normalised = normaliseEmail(email);
  const key = keyOf(store, normalised);
  // Count the attempt before the slow check, so that guesses sent all at once are counted as they
  // arrive and the 11th waits like the rest (a locked attempt counts nothing); a right password clears them.
  const attempt = await attempts.hit(key);
  if (!attempt.ok) return { status: 'locked', email, retryAfterSeconds: attempt.retryAfterSeconds };
  // The 10th attempt already locks, if its password is wrong.
  const lock = attempt.left === 0 ? await attempts.check(key) : null;
  const facilitator = await findFacilitatorByEmail(store, normalised);
  // Unknown emails are checked against a dummy hash: the same work, so the same time.
  const matches = await verifyPassword(facilitator?.passwordHash ?? null, password);
  if (facilitator && matches && !facilitator.disabled) {
    await attempts.clear(key);
    return { status: 'ok', facilitator };
  }
  return lock && !lock.ok ? { status: 'locked', email, retryAfterSeconds: lock.retryAfterSeconds } : { status: 'failed', email };
}
