import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FORM_TOKEN_TTL_MS, issueFormToken, readFormToken } from '../../../src/lib/sharing/formToken.ts';

const secret = randomBytes(32);
const other = randomBytes(32);
const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);

/** Swaps one character for a different one from the same base64url alphabet. */
function flip(text: string, at = 0): string {
  const c = text[at]!;
  return text.slice(0, at) + (c === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

describe('form tokens', () => {
  it('round trip: what was issued is read back, with the time it was issued', () => {
    const token = issueFormToken(secret, NOW);
    const read = readFormToken(token, secret);
    expect(read).not.toBeNull();
    expect(read!.issuedAt).toBe(NOW);
    expect(read!.id).toBe(token.split('.')[0]);
    expect(read!.id.length).toBeGreaterThanOrEqual(16);
  });

  it('defaults to the current time', () => {
    const before = Date.now();
    const read = readFormToken(issueFormToken(secret), secret);
    expect(read!.issuedAt).toBeGreaterThanOrEqual(before);
    expect(read!.issuedAt).toBeLessThanOrEqual(Date.now());
  });

  it('gives every form a different id', () => {
    const ids = new Set(Array.from({ length: 500 }, () => readFormToken(issueFormToken(secret, NOW), secret)!.id));
    expect(ids.size).toBe(500);
  });

  it('is url and form safe: three base64url parts', () => {
    expect(issueFormToken(secret, NOW)).toMatch(/^[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a tampered id', () => {
    const [id, time, mac] = issueFormToken(secret, NOW).split('.') as [string, string, string];
    expect(readFormToken(`${flip(id)}.${time}.${mac}`, secret)).toBeNull();
    expect(readFormToken(`${flip(id, id.length - 1)}.${time}.${mac}`, secret)).toBeNull();
    expect(readFormToken(`${id}x.${time}.${mac}`, secret)).toBeNull();
    expect(readFormToken(`.${time}.${mac}`, secret)).toBeNull();
  });

  it('refuses a tampered time: an old form cannot be made young, a fresh one cannot be aged', () => {
    const [id, time, mac] = issueFormToken(secret, NOW).split('.') as [string, string, string];
    const younger = (NOW + FORM_TOKEN_TTL_MS).toString(36);
    const older = (NOW - 60_000).toString(36);
    expect(readFormToken(`${id}.${younger}.${mac}`, secret)).toBeNull();
    expect(readFormToken(`${id}.${older}.${mac}`, secret)).toBeNull();
    expect(readFormToken(`${id}.${time}0.${mac}`, secret)).toBeNull();
    expect(readFormToken(`${id}..${mac}`, secret)).toBeNull();
  });

  it('refuses a tampered, shortened, lengthened or missing mac', () => {
    const [id, time, mac] = issueFormToken(secret, NOW).split('.') as [string, string, string];
    expect(readFormToken(`${id}.${time}.${flip(mac)}`, secret)).toBeNull();
    expect(readFormToken(`${id}.${time}.${flip(mac, mac.length - 1)}`, secret)).toBeNull();
    expect(readFormToken(`${id}.${time}.${mac.slice(0, -1)}`, secret)).toBeNull();
    expect(readFormToken(`${id}.${time}.${mac}A`, secret)).toBeNull();
    expect(readFormToken(`${id}.${time}.`, secret)).toBeNull();
    // The same number of bytes, but not ASCII: must not throw in the constant-time compare.
    const wide = `${'é'.repeat(Math.floor(mac.length / 2))}${mac.length % 2 ? 'a' : ''}`;
    expect(Buffer.byteLength(wide)).toBe(mac.length);
    expect(readFormToken(`${id}.${time}.${wide}`, secret)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    expect(readFormToken(issueFormToken(other, NOW), secret)).toBeNull();
    expect(readFormToken(issueFormToken(secret, NOW), other)).toBeNull();
  });

  it('refuses garbage without throwing', () => {
    const garbage = [
      '',
      '.',
      '..',
      '...',
      'a.b',
      'a.b.c',
      'a.b.c.d',
      'not a token',
      'null',
      'undefined',
      '<script>alert(1)</script>',
      '\u0000.\u0000.\u0000',
      'x'.repeat(10_000),
      `${'a.'.repeat(1000)}a`,
    ];
    for (const token of garbage) expect(readFormToken(token, secret), JSON.stringify(token.slice(0, 20))).toBeNull();
  });

  it('refuses a good token with extra parts around it', () => {
    const token = issueFormToken(secret, NOW);
    expect(readFormToken(`${token}.`, secret)).toBeNull();
    expect(readFormToken(`.${token}`, secret)).toBeNull();
    expect(readFormToken(` ${token}`, secret)).toBeNull();
  });
});
