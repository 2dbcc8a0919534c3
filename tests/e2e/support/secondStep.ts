// The second step in the browser tests. Every account the tests seed has an authenticator app and
// a passkey made from its email (so any test process can compute its codes and sign with its
// passkey), set up through the application's own functions; an account seeded with
// `secondStep: 'none'` has neither, as one made before two-step sign-in.
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { generate, ScureBase32Plugin } from 'otplib';
import { SoftAuthenticator } from '../../support/softAuthenticator';
import { confirmTotp, findFacilitatorByEmail, keepPasskey, type Store } from './app';

const STEP_MS = 30_000;

export interface TestFactors {
  /** The authenticator app's secret, base32. */
  totpSecret: string;
  /** The passkey, answering as an authenticator does. */
  passkey: SoftAuthenticator;
}

/** The account's factors: the same for one email in every process. */
export function testFactors(email: string): TestFactors {
  const seed = createHash('sha256').update(`voices-e2e-totp:${email}`).digest().subarray(0, 20);
  return { totpSecret: new ScureBase32Plugin().encode(seed), passkey: new SoftAuthenticator({ seed: `voices-e2e-passkey:${email}` }) };
}

/** Sets up the account's app (confirmed with the last step's code, so this step's and the next are free) and passkey. */
export async function seedFactors(store: Store, email: string): Promise<void> {
  const account = await findFacilitatorByEmail(store, email);
  if (!account) throw new Error(`no account ${email} to give factors`);
  const { totpSecret, passkey } = testFactors(email);
  const previous = await generate({ secret: totpSecret, epoch: Math.floor((Date.now() - STEP_MS) / 1000) });
  const app = await confirmTotp(store, account.id, totpSecret, previous, { actor: 'cli' });
  if (!app.ok) throw new Error(`could not set up the app for ${email}: ${app.reason}`);
  const kept = { id: passkey.id, facilitatorId: account.id, name: 'Test passkey', publicKey: passkey.publicKeyCose, counter: 0, transports: ['internal'], createdAt: new Date().toISOString(), lastUsedAt: null };
  if (!(await keepPasskey(store, kept, { actor: 'cli' }))) throw new Error(`could not add the passkey for ${email}`);
}

// The last counter given out in this process. A passkey's counter must grow at every use, and the
// accounts of one server are used from one process, so counting from the clock keeps it growing
// even when a worker starts again.
let lastCount = 0;

/** A signature counter above every one given out before; the one after it is kept back for Chromium, which adds one as it signs. */
export function nextSignCount(): number {
  const count = Math.max(lastCount + 1, Math.floor((Date.now() - Date.UTC(2025, 0, 1)) / 250));
  lastCount = count + 1;
  return count;
}

// Apps set up in a test (an account that had none), by server and email.
const appsSetUp = new Map<string, string>();

/** Notes the app an account set up in a test, for signing it in later. */
export function rememberApp(base: string, email: string, secret: string): void {
  appsSetUp.set(`${base} ${email}`, secret);
}

/** The app set up in a test, if there was one. */
export const appSetUp = (base: string, email: string): string | undefined => appsSetUp.get(`${base} ${email}`);

// The last step a code was typed for, by server and email: a code is accepted once.
const lastSteps = new Map<string, number>();

/** A code from the account's app (the one set up in a test, or its seeded one) that this server has not accepted yet, waiting for the next step if need be. */
export async function nextTotpCode(base: string, email: string, secret = appSetUp(base, email) ?? testFactors(email).totpSecret): Promise<string> {
  const key = `${base} ${email}`;
  for (;;) {
    const now = Math.floor(Date.now() / STEP_MS);
    // Never the step before now: seeding confirmed the app with that step's code (seedFactors), so the server has spent it.
    const step = Math.max(now, (lastSteps.get(key) ?? 0) + 1);
    if (step <= now + 1) {
      lastSteps.set(key, step);
      return generate({ secret, epoch: step * 30 + 15 });
    }
    await new Promise((resolve) => setTimeout(resolve, STEP_MS - (Date.now() % STEP_MS) + 50));
  }
}

/** Chromium's virtual authenticator on this page (CDP WebAuthn): CTAP2, built in, resident keys, user verification. */
export async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return {
    /** Gives the authenticator a passkey it already has elsewhere (a seeded account's), at this counter. */
    holds: (passkey: SoftAuthenticator, signCount: number) =>
      cdp.send('WebAuthn.addCredential', {
        authenticatorId,
        credential: { credentialId: passkey.credentialId.toString('base64'), isResidentCredential: false, rpId: 'localhost', privateKey: passkey.privateKeyPkcs8, signCount },
      }),
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    remove: () => cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId }).then(() => cdp.detach()),
  };
}
