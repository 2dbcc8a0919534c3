import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateReceiptCode,
  hashReceiptCode,
  normaliseReceiptCode,
  RECEIPT_ALPHABET,
  RECEIPT_LENGTH,
  verifyReceiptCode,
} from '../../src/lib/sharing/receipt.ts';

const secret = randomBytes(32);

describe('receipt codes', () => {
  it('look like XXXX-XXXX-XXXX-XXXX with no look-alike characters', () => {
    for (let i = 0; i < 200; i++) {
      expect(generateReceiptCode()).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    }
    expect(RECEIPT_ALPHABET).not.toMatch(/[01OIL]/);
    expect(new Set(RECEIPT_ALPHABET).size).toBe(RECEIPT_ALPHABET.length);
  });

  it('carry at least 64 bits of entropy', () => {
    expect(RECEIPT_LENGTH * Math.log2(RECEIPT_ALPHABET.length)).toBeGreaterThanOrEqual(64);
    expect(BigInt(RECEIPT_ALPHABET.length) ** BigInt(RECEIPT_LENGTH)).toBeGreaterThanOrEqual(2n ** 64n);
  });

  it('use every character of the alphabet, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => generateReceiptCode());
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join('').replaceAll('-', '')).size).toBe(RECEIPT_ALPHABET.length);
  });

  it('normalise what people type: case, spaces and dashes', () => {
    const code = generateReceiptCode();
    expect(normaliseReceiptCode(code)).toBe(code);
    expect(normaliseReceiptCode(code.toLowerCase())).toBe(code);
    expect(normaliseReceiptCode(` ${code.replaceAll('-', ' ').toLowerCase()} `)).toBe(code);
    expect(normaliseReceiptCode(code.replaceAll('-', ''))).toBe(code);
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
  ])('reject %s', (_, input) => {
    expect(normaliseReceiptCode(input)).toBeNull();
  });
});

describe('receipt hashes', () => {
  it('verify the right code, however it is typed, and nothing else', () => {
    const code = generateReceiptCode();
    const hash = hashReceiptCode(code, secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(code.replaceAll('-', ''));
    expect(verifyReceiptCode(code, hash, secret)).toBe(true);
    expect(verifyReceiptCode(code.toLowerCase().replaceAll('-', ' '), hash, secret)).toBe(true);
    expect(verifyReceiptCode(generateReceiptCode(), hash, secret)).toBe(false);
    expect(verifyReceiptCode('not a code', hash, secret)).toBe(false);
    expect(verifyReceiptCode(code, 'abc', secret)).toBe(false);
    expect(verifyReceiptCode(code, hash.toUpperCase(), secret)).toBe(false);
  });

  it('depend on the secret', () => {
    const code = generateReceiptCode();
    const other = randomBytes(32);
    expect(hashReceiptCode(code, other)).not.toBe(hashReceiptCode(code, secret));
    expect(verifyReceiptCode(code, hashReceiptCode(code, secret), other)).toBe(false);
  });

  it('refuse to hash something that is not a code', () => {
    expect(() => hashReceiptCode('hello', secret)).toThrow(TypeError);
  });
});
