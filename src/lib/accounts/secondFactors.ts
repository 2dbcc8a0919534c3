// A facilitator's second factors as stored: passkeys, an authenticator app, recovery codes. And
// what changes them: setting one up, removing one (never the last), new recovery codes, and an
// admin's reset. Every change is audited (who, what, whose account; never a secret).
import { auditEntry } from '../moderation/audit.ts';
import type { Store } from '../store/store.ts';
import type { FacilitatorAccount } from './facilitators.ts';
import { hashRecoveryCode, newRecoveryCodes } from './recoveryCodes.ts';
import { openSecret, sealSecret } from './secretBox.ts';
import { totpStepOf } from './totp.ts';

/** An authenticator app (TOTP, RFC 6238): at most one per account. */
export interface TotpFactor {
  facilitatorId: string;
  /** The id of the MFA key that sealed the secret (store/mfaKey.ts); never the key. */
  keyId: string;
  /** The base32 secret sealed with AES-256-GCM (secretBox.ts). */
  sealedSecret: string;
  /** The last 30-second step a code was accepted for: no code of it or an earlier step counts again. */
  lastStep: number;
  createdAt: string;
}

/** A passkey (WebAuthn credential), stored as the authenticator gave it. */
export interface Passkey {
  /** The credential id, base64url. */
  id: string;
  facilitatorId: string;
  /** What the facilitator called it, e.g. "Work laptop". */
  name: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter; 0 for those that keep none. */
  counter: number;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
}

/** One recovery code, as its keyed hash only. */
export interface RecoveryCode {
  facilitatorId: string;
  hash: string;
  createdAt: string;
}

/** Everything an account has for the second step. */
export interface SecondFactors {
  totp: TotpFactor | null;
  passkeys: Passkey[];
  recoveryCodes: RecoveryCode[];
}

/** Which factor to remove: the authenticator app, or a passkey by its credential id. */
export type FactorRef = { kind: 'totp' } | { kind: 'passkey'; id: string };

/** Passkeys and an authenticator app are factors; recovery codes only stand in for one. */
export const hasSecondFactor = (factors: SecondFactors): boolean => factors.totp !== null || factors.passkeys.length > 0;

export const totpContext = (facilitatorId: string) => `voices-totp:${facilitatorId}`;

interface ChangeOptions {
  /** Who did it, for the audit log: a facilitator id, or 'cli'. */
  actor: string;
  now?: number;
}

/** What the session keeps for a moment: an app secret being set up, recovery codes until they are shown. */
type SessionSecret = 'totp-setup' | 'recovery-codes';
const sessionContext = (facilitatorId: string, what: SessionSecret) => `voices-session-${what}:${facilitatorId}`;

/** A secret sealed for the session (which the store keeps too): only sealed is it ever written. */
export function sealForSession(store: Store, facilitatorId: string, what: SessionSecret, value: string): string {
  return sealSecret(store.mfaKey.key, value, sessionContext(facilitatorId, what));
}

/** A secret the session kept, or null if this store did not seal it for this account and use. */
export function openFromSession(store: Store, facilitatorId: string, what: SessionSecret, sealed: string): string | null {
  return openSecret(store.mfaKey.key, sealed, sessionContext(facilitatorId, what));
}

type TotpSetUp = { ok: true; replaced: boolean } | { ok: false; reason: 'invalid' | 'wrong' | 'no-account' };

/**
 * Keeps an authenticator app once a code from it is right: it counts only then. Replaces the
 * account's app if it had one. The confirming code's step is spent: it cannot sign in.
 */
export async function confirmTotp(store: Store, facilitatorId: string, secret: string, code: string, options: ChangeOptions): Promise<TotpSetUp> {
  const now = options.now ?? Date.now();
  const typed = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(typed)) return { ok: false, reason: 'invalid' };
  const step = await totpStepOf(secret, typed, now);
  if (step === null) return { ok: false, reason: 'wrong' };
  const replaced = (await store.secondFactors.of(facilitatorId)).totp !== null;
  const factor: TotpFactor = {
    facilitatorId,
    keyId: store.mfaKey.id,
    sealedSecret: sealSecret(store.mfaKey.key, secret, totpContext(facilitatorId)),
    lastStep: step,
    createdAt: new Date(now).toISOString(),
  };
  const saved = await store.secondFactors.setTotp(factor, auditEntry(options.actor, replaced ? 'mfa-totp-replace' : 'mfa-totp-add', facilitatorId, now));
  return saved ? { ok: true, replaced } : { ok: false, reason: 'no-account' };
}

/** The account's authenticator-app secret, unsealed; null if it has none (or it was not sealed for it). */
export function totpSecretOf(store: Store, totp: TotpFactor): string | null {
  return openSecret(store.mfaKey.key, totp.sealedSecret, totpContext(totp.facilitatorId));
}

/** Keeps a verified passkey (passkeys.ts); false if its credential is registered already. */
export async function keepPasskey(store: Store, passkey: Passkey, options: ChangeOptions): Promise<boolean> {
  return store.secondFactors.addPasskey(passkey, auditEntry(options.actor, 'mfa-passkey-add', passkey.facilitatorId, options.now));
}

/** Ten new recovery codes, replacing any the account had. The codes are returned to be shown once; only hashes are kept. */
export async function replaceRecoveryCodes(store: Store, facilitatorId: string, options: ChangeOptions): Promise<string[] | null> {
  const now = options.now ?? Date.now();
  const codes = newRecoveryCodes();
  const createdAt = new Date(now).toISOString();
  const hashes = codes.map((code) => ({ facilitatorId, hash: hashRecoveryCode(code, facilitatorId, store.secret)!, createdAt }));
  const saved = await store.secondFactors.setRecoveryCodes(facilitatorId, hashes, auditEntry(options.actor, 'mfa-recovery-codes-new', facilitatorId, now));
  return saved ? codes : null;
}

type Removal = 'removed' | 'last' | 'not-found';

/** Removes one factor, unless it is the account's last: a facilitator is never left with the password alone. */
export function removeFactor(store: Store, facilitatorId: string, factor: FactorRef, options: ChangeOptions): Promise<Removal> {
  const action = factor.kind === 'totp' ? 'mfa-totp-remove' : 'mfa-passkey-remove';
  return store.secondFactors.remove(facilitatorId, factor, auditEntry(options.actor, action, facilitatorId, options.now));
}

/**
 * An admin's (or the command line's) reset: every factor and recovery code goes, the account's
 * sessions end, and at its next sign-in it must set up a factor before it reaches anything.
 */
export function resetSecondFactors(store: Store, facilitatorId: string, options: ChangeOptions): Promise<FacilitatorAccount | null> {
  return store.secondFactors.reset(facilitatorId, auditEntry(options.actor, 'mfa-reset', facilitatorId, options.now));
}
