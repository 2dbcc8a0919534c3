// Recovery codes: ten at a time, for when a facilitator's passkey and app are out of reach. Each is
// 24 characters (31^24 ≈ 2^119, beyond the 112 bits that let a plain keyed hash stand in for a
// password hash), shown once, kept only as a keyed hash, and spent when used.
import { createHmac } from 'node:crypto';
import { newReadableCode, normaliseReadableCode } from '../readableCode.ts';

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_CODE_LENGTH = 24;

/** Ten new codes, e.g. `7KQ3-MZ9D-H2WX-4TPB-C8NE-R5GA`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => newReadableCode(RECOVERY_CODE_LENGTH));
}

/**
 * The keyed hash kept for a code of this account (any case, spaces or dashes), or null if what was
 * typed cannot be a recovery code. The account is in the hash, so a code works only for its own.
 */
export function hashRecoveryCode(typed: string, facilitatorId: string, secret: Buffer): string | null {
  const canonical = normaliseReadableCode(typed, RECOVERY_CODE_LENGTH);
  if (canonical === null) return null;
  return createHmac('sha256', secret).update(`voices-recovery:${facilitatorId}:${canonical}`).digest('hex');
}
