import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** No 0/O, 1/I/L: nothing that reads as something else when copied from a phone screen. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Characters in a code: 31^16 ≈ 2^79, far beyond guessing. */
export const RECEIPT_LENGTH = 16;

const GROUP = 4;
const CODE_PATTERN = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_LENGTH}}$`);

/** A new receipt code, e.g. `7KQ3-MZ9D-H2WX-4TPB`. */
export function generateReceiptCode(): string {
  let raw = '';
  // randomInt is uniform, so every character carries its full log2(31) bits.
  for (let i = 0; i < RECEIPT_LENGTH; i++) raw += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return group(raw);
}

/**
 * The canonical `XXXX-XXXX-XXXX-XXXX` form of what someone typed (any case,
 * spaces and dashes anywhere), or null if it cannot be a receipt code.
 */
export function normaliseReceiptCode(input: string): string | null {
  const raw = input.replace(/[\s-]+/g, '').toUpperCase();
  return CODE_PATTERN.test(raw) ? group(raw) : null;
}

/** The keyed hash that is stored instead of the code. Throws if code is not a receipt code. */
export function hashReceiptCode(code: string, secret: Buffer): string {
  const canonical = normaliseReceiptCode(code);
  if (canonical === null) throw new TypeError('Not a receipt code.');
  // The prefix keeps these hashes apart from any other HMAC made with the same secret.
  return createHmac('sha256', secret).update(`voices-receipt:${canonical}`).digest('hex');
}

/** Whether code hashes to hash, compared in constant time. */
export function verifyReceiptCode(code: string, hash: string, secret: Buffer): boolean {
  if (normaliseReceiptCode(code) === null || !/^[0-9a-f]{64}$/.test(hash)) return false;
  return timingSafeEqual(Buffer.from(hashReceiptCode(code, secret), 'hex'), Buffer.from(hash, 'hex'));
}

function group(raw: string): string {
  return raw.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}
