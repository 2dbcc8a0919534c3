// Codes people copy by hand from a screen or paper (receipts, recovery codes): characters that never
// read as another (no 0/O, 1/I/L), shown in groups of four; typed in any case, with spaces or dashes.
import { randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const GROUP = 4;

/** A new code of `length` characters (a multiple of 4), e.g. `7KQ3-MZ9D-H2WX-4TPB`. */
export function newReadableCode(length: number): string {
  let raw = '';
  // randomInt is uniform, so every character carries its full log2(31) bits.
  for (let i = 0; i < length; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return group(raw);
}

/** The canonical grouped form of what someone typed, or null if it cannot be a code of that length. */
export function normaliseReadableCode(input: string, length: number): string | null {
  const raw = input.replace(/[\s-]+/g, '').toUpperCase();
  return raw.length === length && [...raw].every((c) => ALPHABET.includes(c)) ? group(raw) : null;
}

function group(raw: string): string {
  return raw.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}
