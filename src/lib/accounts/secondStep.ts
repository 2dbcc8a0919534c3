// The second step of signing in (/moderate/verify): a code from the authenticator app or a
// recovery code in the one `code` field, or a passkey. A code counts once: the app's step and the
// recovery code are spent by compare-and-set in the store, so two servers never both accept one.
// Guessing codes is locked like the password: 5 wrong in 15 minutes pause codes for the account.
import { createHmac } from 'node:crypto';
import { auditEntry } from '../moderation/audit.ts';
import type { Store } from '../store/store.ts';
import { createRateLimiter, type LimiterOptions, type RateLimiter } from '../http/rateLimit.ts';
import { verifyAuthentication, type RelyingParty } from './passkeys.ts';
import { hashRecoveryCode } from './recoveryCodes.ts';
import { totpSecretOf } from './secondFactors.ts';
import { totpStepOf } from './totp.ts';

/**
 * Codes tried per account: each counts until a right one clears them, and after 5 in 15 minutes
 * the account's codes wait until 15 minutes after the first of them. A passkey cannot be guessed,
 * so it is not counted and still works meanwhile: someone who has only the password cannot lock
 * a facilitator out of their passkey.
 */
export function createSecondStepLimiter(options: LimiterOptions = {}): RateLimiter {
  return createRateLimiter('second-step', [{ max: 5, seconds: 15 * 60 }], options);
}

// Keyed under the server secret, as sign-in's counts are: every server counts an account alike.
const keyOf = (store: Store, facilitatorId: string) => createHmac('sha256', store.secret).update(`voices-second-step:${facilitatorId}`).digest('base64url');

type CodeCheck =
  | { status: 'ok'; method: 'totp' }
  | { status: 'ok'; method: 'recovery-code'; recoveryCodesLeft: number }
  | { status: 'wrong' }
  /** Right for the app, but for a step a code was accepted for already. */
  | { status: 'used' }
  | { status: 'locked'; retryAfterSeconds: number };

/** Checks a code typed at the second step (its form has made sure something was): 6 digits from the app, or a recovery code. */
export async function checkSecondStepCode(store: Store, attempts: RateLimiter, facilitatorId: string, typed: string, now = Date.now()): Promise<CodeCheck> {
  const code = typed.trim();
  const key = keyOf(store, facilitatorId);
  // Counted before checking, as sign-in does, so codes sent all at once are counted as they arrive.
  const attempt = await attempts.hit(key);
  if (!attempt.ok) return { status: 'locked', retryAfterSeconds: attempt.retryAfterSeconds };
  const result = await checkCode(store, facilitatorId, code, now);
  if (result.status === 'ok') {
    await attempts.clear(key);
    return result;
  }
  // The 5th wrong code locks at once.
  const lock = attempt.left === 0 ? await attempts.check(key) : null;
  return lock && !lock.ok ? { status: 'locked', retryAfterSeconds: lock.retryAfterSeconds } : result;
}

async function checkCode(store: Store, facilitatorId: string, code: string, now: number): Promise<Exclude<CodeCheck, { status: 'locked' }>> {
  const factors = await store.secondFactors.of(facilitatorId);
  const digits = code.replace(/\s+/g, '');
  if (/^\d{6}$/.test(digits)) {
    const secret = factors.totp && totpSecretOf(store, factors.totp);
    const step = secret ? await totpStepOf(secret, digits, now) : null;
    if (step === null) return { status: 'wrong' };
    return (await store.secondFactors.useTotpStep(facilitatorId, step)) ? { status: 'ok', method: 'totp' } : { status: 'used' };
  }
  const hash = hashRecoveryCode(code, facilitatorId, store.secret);
  if (hash === null) return { status: 'wrong' };
  if (!(await store.secondFactors.useRecoveryCode(facilitatorId, hash, auditEntry(facilitatorId, 'mfa-recovery-code-used', facilitatorId, now)))) return { status: 'wrong' };
  return { status: 'ok', method: 'recovery-code', recoveryCodesLeft: factors.recoveryCodes.length - 1 };
}

/**
 * Checks a passkey's answer to the challenge the session held (taken out of it by the caller, so
 * it is used once): it must be one of this account's passkeys, and its counter must move on.
 */
export async function checkSecondStepPasskey(store: Store, rp: RelyingParty, facilitatorId: string, responseJson: string, challenge: string, now = Date.now()): Promise<boolean> {
  const { passkeys } = await store.secondFactors.of(facilitatorId);
  const verified = await verifyAuthentication(rp, responseJson, challenge, passkeys);
  return verified !== null && (await store.secondFactors.usePasskey(verified.passkey.id, verified.counter, new Date(now).toISOString()));
}
