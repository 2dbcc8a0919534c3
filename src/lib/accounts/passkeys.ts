// Passkeys (WebAuthn) with @simplewebauthn/server: registering one, and checking one at the second
// step. The relying party is the site: its ID is SITE_URL's host and a response must come from
// SITE_URL's origin. The challenge goes in the session and is used once (the caller takes it out).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { COSEALG } from '@simplewebauthn/server/helpers';
import type { Passkey } from './secondFactors.ts';
import { site as settings } from '../config.ts';

export interface RelyingParty {
  /** SITE_URL's host name. */
  id: string;
  /** The service's name, shown by the browser. */
  name: string;
  /** The origin a response must come from. */
  origin: string;
}

/** How long the browser lets someone take over a passkey prompt. */
const TIMEOUT_MS = 5 * 60_000;
const NAME_MAX = 60;
// What passkey providers make. Named, so the library does not probe Node's experimental
// post-quantum Web Crypto (which prints a warning in the server's output).
const ALGORITHMS = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];

/**
 * The relying party for a request. On localhost (development and the tests, where servers take
 * any free port) the request's own origin counts if it is on localhost too; anywhere else only
 * SITE_URL's origin, whatever address the request came in on behind a proxy.
 */
export function relyingPartyFor(site: URL, requestOrigin: string, name: string): RelyingParty {
  const local = site.hostname === 'localhost' && new URL(requestOrigin).hostname === 'localhost';
  return { id: site.hostname, name, origin: local ? requestOrigin : site.origin };
}

/** The relying party for a request to this server: Astro's `site` (SITE_URL at build time), named as the service is. */
export const relyingPartyOf = (request: { site?: URL | undefined; url: URL }): RelyingParty => relyingPartyFor(request.site ?? request.url, request.url.origin, settings.name);

/** What is wrong with a passkey's name, or null. */
export function checkPasskeyName(name: string): string | null {
  if (name.trim() === '') return 'Give this passkey a name, like "Work laptop", so you can tell it from others';
  if ([...name.trim()].length > NAME_MAX) return `The name must be ${NAME_MAX} characters or fewer`;
  return null;
}

/** Options for the browser to make a passkey for this account; not one it has already. */
export function registrationOptions(rp: RelyingParty, account: { id: string; email: string }, existing: readonly Passkey[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: account.email,
    userDisplayName: account.email,
    // The account's random id, never the email: it is what the authenticator keeps.
    userID: new TextEncoder().encode(account.id),
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

type NewPasskey = Pick<Passkey, 'id' | 'publicKey' | 'counter' | 'transports'>;

const parse = <T>(json: string): T | null => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
};

/** The passkey the browser made, if its response answers this challenge for this site; else null. */
export async function verifyRegistration(rp: RelyingParty, responseJson: string, expectedChallenge: string): Promise<NewPasskey | null> {
  const response = parse<RegistrationResponseJSON>(responseJson);
  if (!response) return null;
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // Preferred, not required: the password has been given already.
      requireUserVerification: false,
      supportedAlgorithmIDs: ALGORITHMS,
    });
    if (!verified) return null;
    const { credential } = registrationInfo;
    return { id: credential.id, publicKey: Buffer.from(credential.publicKey).toString('base64url'), counter: credential.counter, transports: credential.transports ?? [] };
  } catch {
    // A malformed or forged response: refused, never a 500.
    return null;
  }
}

/** Options for the browser to sign with one of this account's passkeys. */
export function authenticationOptions(rp: RelyingParty, passkeys: readonly Passkey[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports })),
    timeout: TIMEOUT_MS,
    userVerification: 'preferred',
  });
}

/** Which of these passkeys signed this challenge for this site, and its new counter; else null. */
export async function verifyAuthentication(
  rp: RelyingParty,
  responseJson: string,
  expectedChallenge: string,
  passkeys: readonly Passkey[],
): Promise<{ passkey: Passkey; counter: number } | null> {
  const response = parse<AuthenticationResponseJSON>(responseJson);
  const passkey = response && passkeys.find((p) => p.id === response.id);
  if (!response || !passkey) return null;
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: passkey.id, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')), counter: passkey.counter, transports: passkey.transports },
      requireUserVerification: false,
    });
    return verified ? { passkey, counter: authenticationInfo.newCounter } : null;
  } catch {
    // A counter gone backwards (a copied authenticator), a bad signature, a malformed response.
    return null;
  }
}
