// Passkey ceremonies against a software authenticator that answers as a real one does: the
// relying party is SITE_URL's host, a response must come from SITE_URL's origin and answer the
// challenge given, a counter that goes backwards is refused, and only the account's own passkeys count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFacilitator } from '../../../src/lib/accounts/facilitators.ts';
import {
  authenticationOptions,
  checkPasskeyName,
  registrationOptions,
  relyingPartyFor,
  verifyAuthentication,
  verifyRegistration,
} from '../../../src/lib/accounts/passkeys.ts';
import { keepPasskey, type Passkey } from '../../../src/lib/accounts/secondFactors.ts';
import { checkSecondStepPasskey } from '../../../src/lib/accounts/secondStep.ts';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import { SoftAuthenticator } from '../../support/softAuthenticator.ts';

const SITE = new URL('https://voices.example.org');
const rp = relyingPartyFor(SITE, 'http://127.0.0.1:4321', 'Voices');
const ACCOUNT = { id: 'f-123', email: 'worker@example.org' };

async function registered(authenticator = new SoftAuthenticator({ counts: true })): Promise<Passkey> {
  const options = await registrationOptions(rp, ACCOUNT, []);
  const made = await verifyRegistration(rp, JSON.stringify(authenticator.register(options, SITE.origin)), options.challenge);
  if (!made) throw new Error('not registered');
  return { ...made, facilitatorId: ACCOUNT.id, name: 'Laptop', createdAt: new Date().toISOString(), lastUsedAt: null };
}

describe('the relying party', () => {
  it('is SITE_URL: its host is the RP ID and only its origin counts, whatever address the request came in on', () => {
    expect(rp).toEqual({ id: 'voices.example.org', name: 'Voices', origin: 'https://voices.example.org' });
    expect(relyingPartyFor(SITE, 'https://evil.example', 'Voices').origin).toBe('https://voices.example.org');
  });

  it('on localhost takes the request’s own port (development and tests), and nothing else', () => {
    const local = new URL('http://localhost:4321');
    expect(relyingPartyFor(local, 'http://localhost:38123', 'Voices')).toEqual({ id: 'localhost', name: 'Voices', origin: 'http://localhost:38123' });
    expect(relyingPartyFor(local, 'http://127.0.0.1:38123', 'Voices').origin).toBe('http://localhost:4321');
    expect(relyingPartyFor(local, 'https://evil.example', 'Voices').origin).toBe('http://localhost:4321');
  });

  it('asks for user verification where available, a resident key where possible, no attestation, and the account’s id rather than its email as the user handle', async () => {
    const existing = await registered();
    const options = await registrationOptions(rp, ACCOUNT, [existing]);
    expect(options.rp).toEqual({ id: 'voices.example.org', name: 'Voices' });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'preferred' });
    expect(options.attestation).toBe('none');
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
    expect(Buffer.from(options.user.id, 'base64url').toString()).toBe('f-123');
    expect(options.excludeCredentials).toEqual([{ id: existing.id, type: 'public-key', transports: ['internal'] }]);
  });
});

describe('registering a passkey', () => {
  it('keeps the credential id, COSE public key, counter and transports', async () => {
    const authenticator = new SoftAuthenticator();
    const passkey = await registered(authenticator);
    expect(passkey).toMatchObject({ id: authenticator.id, publicKey: authenticator.publicKeyCose, counter: 0, transports: ['internal'] });
  });

  it('refuses another origin, another challenge, another site’s RP ID, and anything malformed', async () => {
    const options = await registrationOptions(rp, ACCOUNT, []);
    const authenticator = new SoftAuthenticator();
    const answer = (origin: string, o = options) => JSON.stringify(authenticator.register(o, origin));
    expect(await verifyRegistration(rp, answer('https://evil.example'), options.challenge)).toBeNull();
    expect(await verifyRegistration(rp, answer(SITE.origin), 'another-challenge')).toBeNull();
    expect(await verifyRegistration(rp, answer(SITE.origin, { ...options, rp: { ...options.rp, id: 'evil.example' } }), options.challenge)).toBeNull();
    for (const junk of ['', 'null', '{}', '{"id":"x","response":{}}', 'not json']) expect(await verifyRegistration(rp, junk, options.challenge)).toBeNull();
    expect(await verifyRegistration(rp, answer(SITE.origin), options.challenge)).not.toBeNull();
  });

  it('has a name of 1 to 60 characters', () => {
    expect(checkPasskeyName('Work laptop')).toBeNull();
    expect(checkPasskeyName('  ')).toMatch(/Give this passkey a name/);
    expect(checkPasskeyName('x'.repeat(61))).toMatch(/60 characters or fewer/);
  });
});

describe('signing with a passkey', () => {
  it('accepts the account’s passkey answering this challenge from this site, and gives its new counter', async () => {
    const authenticator = new SoftAuthenticator({ counts: true });
    const passkey = await registered(authenticator);
    const options = await authenticationOptions(rp, [passkey]);
    expect(options.allowCredentials).toEqual([{ id: passkey.id, type: 'public-key', transports: ['internal'] }]);
    expect(options.userVerification).toBe('preferred');
    const result = await verifyAuthentication(rp, JSON.stringify(authenticator.authenticate(options, SITE.origin)), options.challenge, [passkey]);
    expect(result).toEqual({ passkey, counter: 2 });
  });

  it('refuses another origin or RP ID, a spent or other challenge, another account’s passkey, and a counter gone backwards', async () => {
    const authenticator = new SoftAuthenticator({ counts: true });
    const passkey = await registered(authenticator);
    const options = await authenticationOptions(rp, [passkey]);
    const sign = (origin = SITE.origin, rpId?: string) => JSON.stringify(authenticator.authenticate(options, origin, rpId));
    expect(await verifyAuthentication(rp, sign('https://evil.example'), options.challenge, [passkey])).toBeNull();
    expect(await verifyAuthentication(rp, sign(SITE.origin, 'evil.example'), options.challenge, [passkey])).toBeNull();
    expect(await verifyAuthentication(rp, sign(), 'another-challenge', [passkey])).toBeNull();
    expect(await verifyAuthentication(rp, sign(), options.challenge, [await registered()])).toBeNull();
    // A copy of the authenticator whose counter is behind the one stored.
    expect(await verifyAuthentication(rp, sign(), options.challenge, [{ ...passkey, counter: 1000 }])).toBeNull();
    expect(await verifyAuthentication(rp, 'not json', options.challenge, [passkey])).toBeNull();
    expect(await verifyAuthentication(rp, sign(), options.challenge, [passkey])).not.toBeNull();
  });
});

describe('a passkey at the second step', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-passkeys-'));
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in the account it belongs to, moving its counter on: the same answer replayed is refused', async () => {
    const ids: string[] = [];
    for (const email of ['one@example.org', 'two@example.org']) {
      const added = await addFacilitator(store, { email, role: 'admin', place: null, password: 'a long enough password' }, { actor: 'cli' });
      if (!added.ok) throw new Error('not added');
      ids.push(added.facilitator.id);
    }
    const [mine, theirs] = ids as [string, string];
    const authenticator = new SoftAuthenticator({ counts: true });
    const passkey = { ...(await registered(authenticator)), facilitatorId: mine };
    expect(await keepPasskey(store, passkey, { actor: mine })).toBe(true);
    const options = await authenticationOptions(rp, [passkey]);
    const answer = JSON.stringify(authenticator.authenticate(options, SITE.origin));
    expect(await checkSecondStepPasskey(store, rp, theirs, answer, options.challenge)).toBe(false);
    expect(await checkSecondStepPasskey(store, rp, mine, answer, options.challenge)).toBe(true);
    expect((await store.secondFactors.of(mine)).passkeys[0]).toMatchObject({ counter: 2, lastUsedAt: expect.any(String) });
    expect(await checkSecondStepPasskey(store, rp, mine, answer, options.challenge)).toBe(false);
  });
});
