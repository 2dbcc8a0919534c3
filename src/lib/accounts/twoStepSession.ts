// What two-step sign-in keeps in a facilitator's session (server-side, in the store): the passkey
// challenge the browser was given (taken out when answered, so it counts once), an app secret
// being set up and new recovery codes until they are shown (both sealed), and finishing sign-in.
import type { APIContext } from 'astro';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { Store } from '../store/store.ts';
import type { Facilitator } from './facilitators.ts';
import { authenticationOptions, registrationOptions, type RelyingParty } from './passkeys.ts';
import { openFromSession, sealForSession, type Passkey } from './secondFactors.ts';
import { secondStepPassed } from './session.ts';

type Session = NonNullable<APIContext['session']>;

export interface PasskeyChallenge {
  challenge: string;
  /** Signing in (/moderate/verify) or adding a passkey (/moderate/security). */
  purpose: 'sign-in' | 'register';
  facilitatorId: string;
  /** ms since epoch. */
  at: number;
}

/** As long as the browser's prompt is open (passkeys.ts), and no longer. */
const CHALLENGE_MS = 5 * 60_000;

/** Options for the browser to sign with one of the account's passkeys, their challenge kept in the session (any earlier one no longer counts). */
export async function signInOptions(session: Session, rp: RelyingParty, me: Facilitator, passkeys: readonly Passkey[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await authenticationOptions(rp, passkeys);
  session.set('passkeyChallenge', { challenge: options.challenge, purpose: 'sign-in', facilitatorId: me.id, at: Date.now() });
  return options;
}

/** Options for the browser to make a passkey for the account, their challenge kept in the session. */
export async function registerOptions(session: Session, rp: RelyingParty, me: Facilitator, passkeys: readonly Passkey[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await registrationOptions(rp, me, passkeys);
  session.set('passkeyChallenge', { challenge: options.challenge, purpose: 'register', facilitatorId: me.id, at: Date.now() });
  return options;
}

/** Takes the challenge out of the session, so it is used once: it, if it was for this and is fresh; else null. */
export async function takeChallenge(session: Session, purpose: PasskeyChallenge['purpose'], facilitatorId: string, now = Date.now()): Promise<string | null> {
  const kept = await session.get('passkeyChallenge');
  session.delete('passkeyChallenge');
  if (!kept || kept.purpose !== purpose || kept.facilitatorId !== facilitatorId || now - kept.at >= CHALLENGE_MS) return null;
  return kept.challenge;
}

/** The second step is passed: signed in, under a new session id (as at the password) and with a new CSRF token. */
export async function finishSignIn(session: Session, now = Date.now()): Promise<void> {
  const auth = await session.get('auth');
  if (!auth) throw new Error('No session to finish signing in.');
  await session.regenerate();
  session.set('auth', secondStepPassed(auth, now));
}

/** The password was given again (on /moderate/security): factors may change for a few minutes. */
export async function noteProven(session: Session, now = Date.now()): Promise<void> {
  const auth = await session.get('auth');
  if (auth) session.set('auth', { ...auth, provenAt: now, lastSeen: now });
}

/** Keeps an app secret being set up until a code confirms it. */
export function keepTotpSetup(store: Store, session: Session, facilitatorId: string, secret: string): void {
  session.set('totpSetup', sealForSession(store, facilitatorId, 'totp-setup', secret));
}

/** The app secret being set up for this account, if there is one. */
export async function totpSetupOf(store: Store, session: Session, facilitatorId: string): Promise<string | null> {
  const sealed = await session.get('totpSetup');
  return sealed ? openFromSession(store, facilitatorId, 'totp-setup', sealed) : null;
}

/** Keeps new recovery codes for the next page to show, once. */
export function keepRecoveryCodes(store: Store, session: Session, facilitatorId: string, codes: readonly string[]): void {
  session.set('recoveryCodes', sealForSession(store, facilitatorId, 'recovery-codes', codes.join('\n')));
}

/** New recovery codes to show, taken out of the session: they are shown once. */
export async function takeRecoveryCodes(store: Store, session: Session, facilitatorId: string): Promise<string[] | null> {
  const sealed = await session.get('recoveryCodes');
  if (!sealed) return null;
  session.delete('recoveryCodes');
  return openFromSession(store, facilitatorId, 'recovery-codes', sealed)?.split('\n') ?? null;
}
