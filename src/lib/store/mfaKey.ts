// The key that seals authenticator-app (TOTP) secrets at rest (accounts/secretBox.ts), kept apart
// from the data it protects: MFA_KEY in the environment (required with PostgreSQL), or else the
// embedded store's DATA_DIR/mfa.key beside voices.json. Exports and backups never carry it: a
// sealed secret names its key by id, so a store refuses to start, or to import, under another key.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileExclusive } from './dataDir.ts';

export const MFA_KEY_BYTES = 32;
const MFA_KEY_FILE = 'mfa.key';

export interface MfaKey {
  key: Buffer;
  /** Names the key in sealed records and messages; says nothing about the key itself. */
  id: string;
}

const HOW_TO_MAKE = 'Make one with: openssl rand -base64 32';

export function mfaKeyOf(key: Buffer): MfaKey {
  const id = createHash('sha256').update('voices-mfa-key-id:').update(key).digest('hex').slice(0, 16);
  return { key, id };
}

/** MFA_KEY's value (base64 of 32 bytes) as a key, or an error that says what is wrong and how to fix it. */
export function parseMfaKey(value: string | undefined): MfaKey {
  if (!value) {
    throw new Error(`MFA_KEY is not set. With DATABASE_URL every server needs the same MFA_KEY, which seals authenticator-app secrets. ${HOW_TO_MAKE}`);
  }
  const key = Buffer.from(value.trim(), 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim()) || key.length !== MFA_KEY_BYTES) {
    throw new Error(`MFA_KEY must be ${MFA_KEY_BYTES} bytes in base64 (44 characters); this one is not. ${HOW_TO_MAKE}`);
  }
  return mfaKeyOf(key);
}

/** Refuses to go on if any sealed secret was sealed under another key: every factor would stop working. */
export function checkSealedUnder(mfaKey: MfaKey, keyIds: Iterable<string>, where: string): void {
  const others = [...new Set(keyIds)].filter((id) => id !== mfaKey.id);
  if (others.length === 0) return;
  throw new Error(
    `${where} holds authenticator-app secrets sealed under MFA key ${others.join(', ')}, but the key given is ${mfaKey.id}. ` +
      'Set MFA_KEY (or restore DATA_DIR/mfa.key) to the key they were sealed under (README.md, "Two-step sign-in").',
  );
}

/**
 * The embedded store's key: MFA_KEY if set, else DATA_DIR/mfa.key, made on first start. A missing
 * file is made afresh only while no secret is sealed yet: otherwise it was lost, and saying so
 * beats locking every facilitator out.
 */
export function loadEmbeddedMfaKey(dir: string, envValue: string | undefined, sealedKeyIds: readonly string[]): MfaKey {
  if (envValue) return parseMfaKey(envValue);
  const file = join(dir, MFA_KEY_FILE);
  if (!existsSync(file)) {
    if (sealedKeyIds.length > 0) {
      throw new Error(`${file} is missing, but authenticator-app secrets are sealed under MFA key ${sealedKeyIds[0]}: restore the file from where you keep it, or set MFA_KEY.`);
    }
    createFileExclusive(file, randomBytes(MFA_KEY_BYTES));
  }
  const key = readFileSync(file);
  if (key.length !== MFA_KEY_BYTES) throw new Error(`${file} is damaged (${key.length} bytes, expected ${MFA_KEY_BYTES}): restore it from where you keep it.`);
  return mfaKeyOf(key);
}
