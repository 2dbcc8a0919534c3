// Facilitator passwords: argon2id with OWASP's parameters, and the lengths a new one may have (its rules: facilitatorForms.ts).
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP Password Storage Cheat Sheet: argon2id, 46 MiB (47104 KiB), 1 iteration, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 47_104, timeCost: 1, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** An encoded argon2id hash: `$argon2id$v=19$m=47104,t=1,p=1$salt$hash`. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * True when password matches hash. With no hash (an unknown email) a dummy hash made with the
 * same parameters is checked instead, so a sign-in takes about as long either way.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  const against = hash ?? (await dummyHash);
  let matches: boolean;
  try {
    matches = await argon2.verify(against, password);
  } catch {
    // A damaged hash in the store: refuse, never throw.
    matches = false;
  }
  return hash !== null && matches;
}
