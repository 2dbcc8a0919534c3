import { describe, expect, it } from 'vitest';
import { checkPasswordRules, hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyPassword } from '../../../src/lib/accounts/passwords.ts';

/** The parameters an encoded hash was made with, read back from `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
function parameters(hash: string) {
  const [, algorithm, version, params, salt, digest] = hash.split('$');
  const values = Object.fromEntries(params!.split(',').map((pair) => pair.split('=') as [string, string]));
  return { algorithm, version, m: Number(values.m), t: Number(values.t), p: Number(values.p), salt, digest };
}

describe('hashPassword', () => {
  it('uses argon2id with at least OWASP parameters (m ≥ 47104 KiB, t ≥ 1, p = 1), read back from the hash', async () => {
    const hash = await hashPassword('correct horse battery');
    const used = parameters(hash);
    expect(used.algorithm).toBe('argon2id');
    expect(used.version).toBe('v=19');
    expect(used.m).toBeGreaterThanOrEqual(47_104);
    expect(used.t).toBeGreaterThanOrEqual(1);
    expect(used.p).toBe(1);
    // Exactly what README promises: m=47104 KiB, t=1, p=1.
    expect(used).toMatchObject({ m: 47_104, t: 1, p: 1 });
  });

  it('salts every hash, and never contains the password', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(parameters(a).salt).not.toBe(parameters(b).salt);
    expect(a).not.toContain('correct horse battery');
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });

  it('always refuses without a hash (an unknown email), after the same work on a dummy hash', async () => {
    expect(await verifyPassword(null, 'correct horse battery')).toBe(false);
    expect(await verifyPassword(null, '')).toBe(false);
  });

  it('refuses, without throwing, when the stored hash is damaged', async () => {
    expect(await verifyPassword('not a hash', 'correct horse battery')).toBe(false);
  });
});

describe('checkPasswordRules', () => {
  it.each([
    ['', 'Enter a password'],
    ['a'.repeat(PASSWORD_MIN - 1), 'The password must be at least 12 characters (it has 11)'],
    ['a'.repeat(PASSWORD_MAX + 1), 'The password must be 128 characters or fewer (it has 129)'],
  ])('refuses %j with a clear message', (password, message) => {
    expect(checkPasswordRules(password)).toBe(message);
  });

  it.each([
    ['exactly twelve', 'a'.repeat(12)],
    ['128 characters', 'a'.repeat(128)],
    ['spaces and symbols', 'tea, biscuits & rain'],
    ['12 emoji (24 UTF-16 units, counted as 12)', '🙂'.repeat(12)],
  ])('accepts %s', (_, password) => {
    expect(checkPasswordRules(password)).toBeNull();
  });

  it('counts characters, not UTF-16 units: 11 emoji are too few', () => {
    expect(checkPasswordRules('🙂'.repeat(11))).toMatch(/at least 12/);
  });
});
