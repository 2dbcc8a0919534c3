// The second step at sign-in: recovery codes (each once, only for their own account, replaced as a
// set) and the lockout after 5 wrong codes in 15 minutes, on a fake clock. A passkey is not locked.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addFacilitator } from '../../../src/lib/accounts/facilitators.ts';
import { relyingPartyFor, authenticationOptions } from '../../../src/lib/accounts/passkeys.ts';
import { newRecoveryCodes, RECOVERY_CODE_COUNT } from '../../../src/lib/accounts/recoveryCodes.ts';
import { confirmTotp, keepPasskey, replaceRecoveryCodes } from '../../../src/lib/accounts/secondFactors.ts';
import { checkSecondStepCode, checkSecondStepPasskey, createSecondStepLimiter } from '../../../src/lib/accounts/secondStep.ts';
import { newTotpSecret } from '../../../src/lib/accounts/totp.ts';
import { openStore, type Store } from '../../../src/lib/store/store.ts';
import { SoftAuthenticator } from '../../support/softAuthenticator.ts';

const MINUTE = 60_000;
let dir: string;
let store: Store;
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voices-second-step-'));
  store = await openStore({ dataDir: dir });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function account(): Promise<string> {
  const added = await addFacilitator(store, { email: `worker${++n}@example.org`, role: 'admin', place: null, password: 'a long enough password' }, { actor: 'cli' });
  if (!added.ok) throw new Error('not added');
  return added.facilitator.id;
}

describe('recovery codes', () => {
  it('are ten different codes of 24 characters that never read as another, in groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}$/);
  });

  it('each works once, typed in any case with spaces, only for its own account, and are kept only as hashes', async () => {
    const id = await account();
    const other = await account();
    const codes = (await replaceRecoveryCodes(store, id, { actor: id }))!;
    await replaceRecoveryCodes(store, other, { actor: other });
    const attempts = createSecondStepLimiter({ windows: store.rateLimits.window });
    const check = (who: string, code: string) => checkSecondStepCode(store, attempts, who, code);
    expect(await check(other, codes[0]!)).toEqual({ status: 'wrong' });
    expect(await check(id, ` ${codes[0]!.toLowerCase().replaceAll('-', ' ')} `)).toEqual({ status: 'ok', method: 'recovery-code', recoveryCodesLeft: 9 });
    expect(await check(id, codes[0]!)).toEqual({ status: 'wrong' });
    // Two servers given one code at the same moment: one accepts it.
    const both = await Promise.all([check(id, codes[1]!), check(id, codes[1]!)]);
    expect(both.map((r) => r.status).sort()).toEqual(['ok', 'wrong']);
    const file = readFileSync(join(dir, 'voices.json'), 'utf8');
    for (const code of codes) {
      expect(file).not.toContain(code);
      expect(file).not.toContain(code.replaceAll('-', ''));
    }
    const used = (await store.audit.page(0, 20)).entries.filter((e) => e.action === 'mfa-recovery-code-used');
    expect(used).toEqual([expect.objectContaining({ actor: id, target: id }), expect.objectContaining({ actor: id, target: id })]);
  });

  it('making new ones replaces the old set', async () => {
    const id = await account();
    const old = (await replaceRecoveryCodes(store, id, { actor: id }))!;
    const fresh = (await replaceRecoveryCodes(store, id, { actor: id }))!;
    const attempts = createSecondStepLimiter({ windows: store.rateLimits.window });
    expect(await checkSecondStepCode(store, attempts, id, old[2]!)).toEqual({ status: 'wrong' });
    expect(await checkSecondStepCode(store, attempts, id, fresh[2]!)).toMatchObject({ status: 'ok', recoveryCodesLeft: 9 });
  });
});

describe('the second-step lockout, on a fake clock', () => {
  afterEach(() => vi.useRealTimers());

  it('5 wrong codes in 15 minutes lock the account’s codes, say how long, count nothing more, and lift 15 minutes after the first', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 9, 0), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const id = await account();
    const other = await account();
    const secret = newTotpSecret();
    await confirmTotp(store, id, secret, await generate({ secret }), { actor: id });
    const codes = (await replaceRecoveryCodes(store, id, { actor: id }))!;
    const attempts = createSecondStepLimiter({ windows: store.rateLimits.window });
    const check = (who: string, code: string) => checkSecondStepCode(store, attempts, who, code);
    for (let i = 1; i < 5; i++) {
      expect(await check(id, i % 2 ? '000000' : 'NOT-A-CODE')).toEqual({ status: 'wrong' });
      vi.advanceTimersByTime(MINUTE);
    }
    // Wrong codes at 0..4 minutes: the 5th locks until the first is 15 minutes old.
    expect(await check(id, '999999')).toEqual({ status: 'locked', retryAfterSeconds: 11 * 60 });
    for (let i = 0; i < 20; i++) expect(await check(id, codes[0]!)).toEqual({ status: 'locked', retryAfterSeconds: 11 * 60 });
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await check(id, next)).toEqual({ status: 'locked', retryAfterSeconds: 11 * 60 });
    // Another account is not locked.
    expect(await check(other, '000000')).toEqual({ status: 'wrong' });
    vi.advanceTimersByTime(11 * MINUTE);
    expect(await check(id, codes[0]!)).toMatchObject({ status: 'ok', method: 'recovery-code' });
    // A right code cleared the count.
    for (let i = 0; i < 4; i++) expect(await check(id, '000000')).toEqual({ status: 'wrong' });
    expect(await check(id, codes[1]!)).toMatchObject({ status: 'ok' });
    expect(await check(id, '000000')).toEqual({ status: 'wrong' });
  }, 30_000);

  it('a passkey still works while codes are locked: it cannot be guessed, so guessing codes cannot lock its owner out', async () => {
    const id = await account();
    const site = new URL('https://voices.example');
    const rp = relyingPartyFor(site, 'http://127.0.0.1:4321', 'Voices');
    const authenticator = new SoftAuthenticator();
    await keepPasskey(store, { id: authenticator.id, facilitatorId: id, name: 'Laptop', publicKey: authenticator.publicKeyCose, counter: 0, transports: ['internal'], createdAt: new Date().toISOString(), lastUsedAt: null }, { actor: id });
    const attempts = createSecondStepLimiter({ windows: store.rateLimits.window });
    for (let i = 0; i < 5; i++) await checkSecondStepCode(store, attempts, id, '000000');
    expect(await checkSecondStepCode(store, attempts, id, '000000')).toMatchObject({ status: 'locked' });
    const options = await authenticationOptions(rp, (await store.secondFactors.of(id)).passkeys);
    const response = JSON.stringify(authenticator.authenticate(options, site.origin));
    expect(await checkSecondStepPasskey(store, rp, id, response, options.challenge)).toBe(true);
  });
});
