// Authenticator apps (TOTP, RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) with otplib. A code is
// accepted for the current step and one either side (a slow typist, a clock a little out); that it
// is never accepted twice is the store's compare-and-set on the last step used (secondStep.ts).
import { generateSecret, generateURI, verify } from 'otplib';

const PERIOD = 30;
const DIGITS = 6;

/** A new secret: 160 random bits (RFC 4226's recommendation), base32 as apps take it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an app reads from the QR code, naming the service and the account (SHA-1, 6 digits and 30 seconds are what apps assume). */
export function totpUri(secret: string, account: string, issuer: string): string {
  return generateURI({ issuer, label: account, secret });
}

/** The step `code` belongs to (the one now, or one either side), or null if it is none of them. */
export async function totpStepOf(secret: string, code: string, now: number): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({ secret, token: code, epoch: Math.floor(now / 1000), epochTolerance: PERIOD, period: PERIOD, digits: DIGITS, algorithm: 'sha1' });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    // A damaged secret: the code cannot be right.
    return null;
  }
}
