import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateReceiptCode, hashReceiptCode } from '../../../src/lib/sharing/receipt.ts';

const secret = randomBytes(32);
/** README's alphabet: no 0/O, 1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

describe('receipt codes', () => {
  it('look like XXXX-XXXX-XXXX-XXXX with no look-alike characters', () => {
    for (let i = 0; i < 200; i++) {
      expect(generateReceiptCode()).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    }
    expect(ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('use every character of the alphabet, do not repeat, and so carry at least 64 bits of entropy', () => {
    const codes = Array.from({ length: 2000 }, () => generateReceiptCode());
    expect(new Set(codes).size).toBe(codes.length);
    const characters = new Set(codes.join('').replaceAll('-', ''));
    expect([...characters].sort().join('')).toBe(ALPHABET);
    const length = codes[0]!.replaceAll('-', '').length;
    expect(length * Math.log2(characters.size)).toBeGreaterThanOrEqual(64);
    expect(BigInt(characters.size) ** BigInt(length)).toBeGreaterThanOrEqual(2n ** 64n);
  });
});

describe('receipt hashes', () => {
  it('are the same however the code is typed: case, spaces and dashes', () => {
    const code = generateReceiptCode();
    const hash = hashReceiptCode(code, secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replaceAll('-', ''));
    for (const typed of [code.toLowerCase(), ` ${code.replaceAll('-', ' ').toLowerCase()} `, code.replaceAll('-', '')]) {
      expect(hashReceiptCode(typed, secret), typed).toBe(hash);
    }
    expect(hashReceiptCode(generateReceiptCode(), secret)).not.toBe(hash);
  });

  it('depend on the secret', () => {
    const code = generateReceiptCode();
    expect(hashReceiptCode(code, randomBytes(32))).not.toBe(hashReceiptCode(code, secret));
  });

  it.each([
    ['too short', 'ABCD-EFGH-JKMN-PQR'],
    ['too long', 'ABCD-EFGH-JKMN-PQRST'],
    ['a zero', 'ABCD-EFGH-JKMN-PQR0'],
    ['an O', 'ABCD-EFGH-JKMN-PQRO'],
    ['an I', 'ABCD-EFGH-JKMN-PQRI'],
    ['an L', 'ABCD-EFGH-JKMN-PQRL'],
    ['a one', 'ABCD-EFGH-JKMN-PQR1'],
    ['punctuation', 'ABCD-EFGH-JKMN-PQR!'],
    ['nothing', ''],
    ['words', 'hello'],
  ])('refuse to hash %s: it is not a code', (_, input) => {
    expect(() => hashReceiptCode(input, secret)).toThrow(TypeError);
  });
});
