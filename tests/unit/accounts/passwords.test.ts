import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/lib/accounts/passwords.ts';

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
