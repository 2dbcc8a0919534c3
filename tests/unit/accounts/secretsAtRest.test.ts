// Authenticator-app secrets at rest: sealed with AES-256-GCM under a key kept apart from the data
// (DATA_DIR/mfa.key beside voices.json, or MFA_KEY), bound to their account, never in the data
// file in clear; a store under the wrong key, or with its key lost, refuses to start.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addFacilitator } from '../../../src/lib/accounts/facilitators.ts';
import { confirmTotp, openFromSession, sealForSession, totpSecretOf } from '../../../src/lib/accounts/secondFactors.ts';
import { openSecret, sealSecret } from '../../../src/lib/accounts/secretBox.ts';
import { newTotpSecret } from '../../../src/lib/accounts/totp.ts';
import { parseMfaKey } from '../../../src/lib/store/mfaKey.ts';
import { openStore, storeLocation, type Store } from '../../../src/lib/store/store.ts';

describe('sealing a secret', () => {
  const key = randomBytes(32);

  it('opens only with the same key and the same context, and not once changed', () => {
    const sealed = sealSecret(key, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'voices-totp:f1');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(openSecret(key, sealed, 'voices-totp:f1')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(openSecret(randomBytes(32), sealed, 'voices-totp:f1')).toBeNull();
    expect(openSecret(key, sealed, 'voices-totp:f2')).toBeNull();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[14]! ^= 1;
    expect(openSecret(key, bytes.toString('base64url'), 'voices-totp:f1')).toBeNull();
    expect(openSecret(key, 'short', 'voices-totp:f1')).toBeNull();
  });

  it('uses a fresh nonce every time: the same secret sealed twice looks different', () => {
    expect(sealSecret(key, 'same', 'c')).not.toBe(sealSecret(key, 'same', 'c'));
  });
});

describe('the MFA key', () => {
  it('MFA_KEY must be 32 bytes of base64, and says how to make one', () => {
    expect(() => parseMfaKey(undefined)).toThrow(/MFA_KEY is not set.*openssl rand -base64 32/);
    expect(() => parseMfaKey(randomBytes(16).toString('base64'))).toThrow(/must be 32 bytes in base64/);
    expect(() => parseMfaKey('not base64 at all, not even close!!!!!!!!!!!')).toThrow(/must be 32 bytes in base64/);
    const value = randomBytes(32).toString('base64');
    expect(parseMfaKey(value).key.equals(Buffer.from(value, 'base64'))).toBe(true);
  });

  it('comes with DATA_DIR or DATABASE_URL from the environment', () => {
    expect(storeLocation({ DATA_DIR: '/tmp/x', MFA_KEY: 'k' })).toEqual({ dataDir: '/tmp/x', mfaKey: 'k' });
    expect(storeLocation({ DATABASE_URL: 'postgres://h/db' })).toEqual({ databaseUrl: 'postgres://h/db', mfaKey: undefined });
  });
});

describe('an authenticator app in the embedded store', () => {
  let dir: string;
  const open: Store[] = [];
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'voices-at-rest-')), 'data');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });
  const opened = async (mfaKey?: string) => {
    const store = await openStore({ dataDir: dir, mfaKey });
    open.push(store);
    return store;
  };

  async function withApp(store: Store): Promise<{ id: string; secret: string }> {
    const added = await addFacilitator(store, { email: 'app@example.org', role: 'admin', place: null, password: 'a long enough password' }, { actor: 'cli' });
    if (!added.ok) throw new Error('not added');
    const secret = newTotpSecret();
    await confirmTotp(store, added.facilitator.id, secret, await generate({ secret }), { actor: added.facilitator.id });
    return { id: added.facilitator.id, secret };
  }

  it('is sealed in voices.json under DATA_DIR/mfa.key (0600, beside it, not in it), and opens only for its account', async () => {
    const store = await opened();
    const { id, secret } = await withApp(store);
    const key = readFileSync(join(dir, 'mfa.key'));
    expect(key).toHaveLength(32);
    expect(statSync(join(dir, 'mfa.key')).mode & 0o777).toBe(0o600);
    const file = readFileSync(join(dir, 'voices.json'), 'utf8');
    expect(file).not.toContain(secret);
    expect(file).not.toContain(key.toString('base64'));
    expect(file).not.toContain(key.toString('hex'));
    const totp = (await store.secondFactors.of(id)).totp!;
    expect(totp.keyId).toBe(store.mfaKey.id);
    expect(totpSecretOf(store, totp)).toBe(secret);
    expect(totpSecretOf(store, { ...totp, facilitatorId: 'someone-else' })).toBeNull();
  });

  it('what the session keeps for a moment (an app being set up, codes to show) is sealed too, for its account and use only', async () => {
    const store = await opened();
    const sealed = sealForSession(store, 'f1', 'totp-setup', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(openFromSession(store, 'f1', 'totp-setup', sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(openFromSession(store, 'f2', 'totp-setup', sealed)).toBeNull();
    expect(openFromSession(store, 'f1', 'recovery-codes', sealed)).toBeNull();
  });

  it('uses MFA_KEY instead of a file when it is set', async () => {
    const value = randomBytes(32).toString('base64');
    const store = await opened(value);
    expect(store.mfaKey.key.toString('base64')).toBe(value);
    expect(() => statSync(join(dir, 'mfa.key'))).toThrow();
  });

  it('refuses to start with its key lost, damaged or another, rather than lock everyone out', async () => {
    const store = await opened();
    const { id, secret } = await withApp(store);
    await store.close();
    open.splice(0);
    const key = readFileSync(join(dir, 'mfa.key'));
    rmSync(join(dir, 'mfa.key'));
    await expect(openStore({ dataDir: dir })).rejects.toThrow(/mfa\.key is missing, but authenticator-app secrets are sealed under MFA key/);
    writeFileSync(join(dir, 'mfa.key'), key.subarray(0, 20));
    await expect(openStore({ dataDir: dir })).rejects.toThrow(/mfa\.key is damaged/);
    writeFileSync(join(dir, 'mfa.key'), randomBytes(32));
    await expect(openStore({ dataDir: dir })).rejects.toThrow(/sealed under MFA key [0-9a-f]{16}, but the key given is/);
    await expect(openStore({ dataDir: dir, mfaKey: randomBytes(32).toString('base64') })).rejects.toThrow(/sealed under MFA key/);
    // The key back (as a file, or as MFA_KEY): the app works again.
    writeFileSync(join(dir, 'mfa.key'), key);
    const back = await opened();
    expect(totpSecretOf(back, (await back.secondFactors.of(id)).totp!)).toBe(secret);
    await back.close();
    open.splice(0);
    const viaEnv = await opened(key.toString('base64'));
    expect(totpSecretOf(viaEnv, (await viaEnv.secondFactors.of(id)).totp!)).toBe(secret);
  });
});
