// Authenticator apps: RFC 6238 as apps do it (SHA-1, 6 digits, 30-second steps), a code accepted for
// the current step and one either side, counted only once a right code confirms it, never twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFacilitator } from '../../../src/lib/accounts/facilitators.ts';
import { confirmTotp } from '../../../src/lib/accounts/secondFactors.ts';
import { checkSecondStepCode, createSecondStepLimiter } from '../../../src/lib/accounts/secondStep.ts';
import { newTotpSecret, totpStepOf, totpUri } from '../../../src/lib/accounts/totp.ts';
import { openStore, type Store } from '../../../src/lib/store/store.ts';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", here in base32; its 8-digit codes' last 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const STEP = 30_000;
const T = Date.UTC(2026, 10, 24, 12, 0, 0);
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

describe('TOTP codes', () => {
  it.each([
    [59, '287082', 1],
    [1_111_111_109, '081804', 37_037_036],
    [1_234_567_890, '005924', 41_152_263],
    [2_000_000_000, '279037', 66_666_666],
  ])('matches RFC 6238 at %i s: %s', async (seconds, code, step) => {
    expect(await totpStepOf(RFC_SECRET, code, seconds * 1000)).toBe(step);
  });

  it('accepts the current step and one either side, and nothing further', async () => {
    const secret = newTotpSecret();
    const now = T + 10_000;
    const step = Math.floor(now / STEP);
    for (const offset of [-1, 0, 1]) expect(await totpStepOf(secret, await codeAt(secret, now + offset * STEP), now)).toBe(step + offset);
    for (const offset of [-3, -2, 2, 3]) expect(await totpStepOf(secret, await codeAt(secret, now + offset * STEP), now)).toBeNull();
    for (const typed of ['', '12345', '1234567', 'abcdef', '12 345']) expect(await totpStepOf(secret, typed, now)).toBeNull();
  });

  it('makes 160-bit secrets and the URI apps read: issuer and account, SHA-1, 6 digits and 30 seconds being the defaults apps assume', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'worker@example.org', 'Voices'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Voices:worker@example.org');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'Voices' });
  });
});

describe('an authenticator app on an account', () => {
  let dir: string;
  let store: Store;
  let id: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voices-totp-'));
    store = await openStore({ dataDir: dir });
    const added = await addFacilitator(store, { email: 'app@example.org', role: 'admin', place: null, password: 'a long enough password' }, { actor: 'cli' });
    if (!added.ok) throw new Error('not added');
    id = added.facilitator.id;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts only once a right code confirms it; the confirming code cannot sign in; a code is never accepted twice', async () => {
    const secret = newTotpSecret();
    expect(await confirmTotp(store, id, secret, '000000x', { actor: id, now: T })).toEqual({ ok: false, reason: 'invalid' });
    const wrong = String((Number(await codeAt(secret, T)) + 1) % 1_000_000).padStart(6, '0');
    expect(await confirmTotp(store, id, secret, wrong, { actor: id, now: T })).toEqual({ ok: false, reason: 'wrong' });
    expect((await store.secondFactors.of(id)).totp).toBeNull();
    expect(await confirmTotp(store, id, secret, await codeAt(secret, T), { actor: id, now: T })).toEqual({ ok: true, replaced: false });
    expect((await store.secondFactors.of(id)).totp).toMatchObject({ lastStep: Math.floor(T / STEP) });

    const attempts = createSecondStepLimiter({ windows: store.rateLimits.window });
    const check = (code: string, now: number) => checkSecondStepCode(store, attempts, id, code, now);
    // The code it was confirmed with is spent.
    expect(await check(await codeAt(secret, T), T + 1000)).toEqual({ status: 'used' });
    // The next step's code, typed early, works once; then neither it nor the one before works again.
    const next = await codeAt(secret, T + STEP);
    expect(await check(next, T + 2000)).toEqual({ status: 'ok', method: 'totp' });
    expect(await check(next, T + STEP + 1000)).toEqual({ status: 'used' });
    expect(await check(await codeAt(secret, T), T + STEP + 1000)).toEqual({ status: 'used' });
    // Two servers given one fresh code at the same moment: one accepts it.
    const fresh = await codeAt(secret, T + 2 * STEP);
    const both = await Promise.all([check(fresh, T + 2 * STEP), check(fresh, T + 2 * STEP)]);
    expect(both.map((r) => r.status).sort()).toEqual(['ok', 'used']);
    expect(await check('123456', T + 3 * STEP)).toMatchObject({ status: expect.stringMatching(/wrong|used/) });
  });

  it('a new app replaces the old one only once its own code is right', async () => {
    const old = (await store.secondFactors.of(id)).totp!;
    const secret = newTotpSecret();
    expect(await confirmTotp(store, id, secret, '000000', { actor: id, now: T + 10 * STEP })).toMatchObject({ ok: false });
    expect((await store.secondFactors.of(id)).totp).toEqual(old);
    expect(await confirmTotp(store, id, secret, await codeAt(secret, T + 10 * STEP), { actor: id, now: T + 10 * STEP })).toEqual({ ok: true, replaced: true });
    expect((await store.secondFactors.of(id)).totp!.sealedSecret).not.toBe(old.sealedSecret);
    const actions = (await store.audit.page(0, 10)).entries.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('mfa-totp'))).toEqual(['mfa-totp-replace', 'mfa-totp-add']);
  });
});
