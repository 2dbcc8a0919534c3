// Checking a facilitator's email and password: one answer whether or not the account exists, and
// a lock after too many failures for one email. Nothing here is logged.
import { createHmac, randomBytes } from 'node:crypto';
import { findFacilitatorByEmail, normaliseEmail, type FacilitatorAccount } from './facilitators.ts';
import { verifyPassword } from './passwords.ts';
import type { Store } from '../store/store.ts';

export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Longest email kept to show in the form again. */
const MAX_EMAIL = 320;

export type LockState = { locked: false } | { locked: true; retryAfterSeconds: number };

export interface FailureCounter {
  /** Whether key has had max failures within the window, and if so how long until one expires. */
  check(key: string): LockState;
  /** Record a failure; the state after it (the max-th failure already locks). */
  fail(key: string): LockState;
  /** Forget key's failures (after a successful sign-in). */
  clear(key: string): void;
  readonly size: number;
}

/**
 * Failed sign-ins per key, in memory. Unlike rateLimit.ts this counts only failures, and a
 * locked attempt is refused before its password is checked, so it counts as nothing: the lock
 * lifts as soon as the oldest of the failures leaves the window, which means at most `max`
 * guesses per window. Keys are HMACs under a key that lives only in memory, so the map never
 * holds an email address.
 */
export function createFailureCounter(options: { max?: number; windowMs?: number; now?: () => number; maxKeys?: number } = {}): FailureCounter {
  const max = options.max ?? MAX_FAILURES;
  const windowMs = options.windowMs ?? FAILURE_WINDOW_MS;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const secret = randomBytes(32);
  const failures = new Map<string, number[]>();
  const id = (key: string) => createHmac('sha256', secret).update(key).digest('base64url');

  function recent(hashed: string, t: number): number[] {
    const times = (failures.get(hashed) ?? []).filter((time) => time > t - windowMs);
    if (times.length === 0) failures.delete(hashed);
    else failures.set(hashed, times);
    return times;
  }

  function state(times: number[], t: number): LockState {
    if (times.length < max) return { locked: false };
    const waitMs = times[times.length - max]! + windowMs - t;
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  return {
    check(key) {
      const t = now();
      return state(recent(id(key), t), t);
    },
    fail(key) {
      const t = now();
      const hashed = id(key);
      const times = [...recent(hashed, t), t];
      // Most recently failed last: beyond maxKeys the quietest keys are forgotten first.
      failures.delete(hashed);
      failures.set(hashed, times);
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
      return state(times, t);
    },
    clear(key) {
      failures.delete(id(key));
    },
    get size() {
      return failures.size;
    },
  };
}

export type SignInCheck =
  | { status: 'ok'; facilitator: FacilitatorAccount }
  /** A field left empty: nothing was checked or counted. */
  | { status: 'invalid'; email: string; errors: { email?: string; password?: string } }
  /** Wrong email, wrong password, or a disabled account: one answer for all three. */
  | { status: 'failed'; email: string }
  | { status: 'locked'; email: string; retryAfterSeconds: number };

/** Check a sign-in. The counter is keyed on the email typed, whether or not it has an account. */
export async function checkSignIn(store: Store, counter: FailureCounter, emailTyped: string, password: string): Promise<SignInCheck> {
  const email = emailTyped.trim().slice(0, MAX_EMAIL);
  const errors: { email?: string; password?: string } = {};
  if (email === '') errors.email = 'Enter your email address';
  if (password === '') errors.password = 'Enter your password';
  if (errors.email || errors.password) return { status: 'invalid', email, errors };

  const key = normaliseEmail(email);
  const lock = counter.check(key);
  if (lock.locked) return { status: 'locked', email, retryAfterSeconds: lock.retryAfterSeconds };

  // Count the attempt as a failure before the slow check, so that guesses sent all at once are
  // counted as they arrive and the 11th waits like the rest; a right password clears it.
  const after = counter.fail(key);
  const facilitator = findFacilitatorByEmail(store, key);
  // Unknown emails are checked against a dummy hash: the same work, so the same time.
  const matches = await verifyPassword(facilitator?.passwordHash ?? null, password);
  if (facilitator && matches && !facilitator.disabled) {
    counter.clear(key);
    return { status: 'ok', facilitator };
  }
  return after.locked ? { status: 'locked', email, retryAfterSeconds: after.retryAfterSeconds } : { status: 'failed', email };
}
