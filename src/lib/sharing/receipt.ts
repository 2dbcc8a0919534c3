// Receipt codes: shown once when words are sent, kept only as a keyed hash. With the code, its
// holder sees where the words stand and any message, and can withdraw them.
import { createHmac, randomInt } from 'node:crypto';
import { getStore, type Store } from '../store/store.ts';
import { auditEntry } from '../moderation/audit.ts';
import { createRateLimiter } from '../http/rateLimit.ts';
import { createClientKeyer } from '../http/clientKey.ts';
import { readShareConfig } from './shareConfig.ts';
import type { Submission, SubmissionStatus } from './submission.ts';

/** No 0/O, 1/I/L: nothing that reads as something else when copied from a phone screen. */
const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Characters in a code: 31^16 ≈ 2^79, far beyond guessing. */
const RECEIPT_LENGTH = 16;

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
function normaliseReceiptCode(input: string): string | null {
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

function group(raw: string): string {
  return raw.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

// ---- Looking up and withdrawing by receipt -------------------------------------------------------

const lookups = createRateLimiter('receipt', [{ max: readShareConfig().statusLimit10Min, seconds: 10 * 60 }]);
const clientKey = createClientKeyer();

interface ReceiptView {
  code: string;
  status: SubmissionStatus;
  message: string | null;
  /** Set while the words are on the site. */
  publishedId: string | null;
  /** The author may withdraw until it is withdrawn or gone. */
  canWithdraw: boolean;
}

type ReceiptOutcome =
  | { status: 'found'; view: ReceiptView }
  | { status: 'not-found' }
  | { status: 'rate-limited'; retryAfterSeconds: number };

async function find(store: Store, normal: string): Promise<Submission | null> {
  return store.submissions.byReceiptHash(hashReceiptCode(normal, store.secret));
}

function view(submission: Submission, code: string): ReceiptOutcome {
  return {
    status: 'found',
    view: {
      code,
      status: submission.status,
      message: submission.message,
      publishedId: submission.status === 'published' ? submission.id : null,
      canWithdraw: submission.status !== 'withdrawn' && submission.status !== 'declined',
    },
  };
}

/** Every look-up counts against the limit, right or wrong, so codes can't be guessed. */
export async function lookUpReceipt(code: string, clientAddress: string): Promise<ReceiptOutcome> {
  const limit = await lookups.hit(await clientKey(clientAddress));
  if (!limit.ok) return { status: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
  const normal = normaliseReceiptCode(code);
  const found = normal ? await find(await getStore(), normal) : null;
  return found && normal ? view(found, normal) : { status: 'not-found' };
}

/**
 * Deletes the words at once; only the status stays, so the receipt still says what happened. A
 * withdrawal wins over a facilitator deciding at the same moment: if the item changed between
 * reading and withdrawing, it is read again and withdrawn from where it is now.
 */
export async function withdrawByReceipt(code: string, clientAddress: string): Promise<ReceiptOutcome> {
  const limit = await lookups.hit(await clientKey(clientAddress));
  if (!limit.ok) return { status: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
  const normal = normaliseReceiptCode(code);
  if (!normal) return { status: 'not-found' };
  const store = await getStore();
  for (let tries = 0; tries < 5; tries++) {
    const found = await find(store, normal);
    if (!found) return { status: 'not-found' };
    if (found.status === 'withdrawn' || found.status === 'declined') return view(found, normal);
    const change = { status: 'withdrawn' as const, eraseText: true, published: null };
    const result = await store.submissions.decide(found.id, found.status, change, auditEntry('author', 'withdraw', found.id));
    if (result.ok) return view({ ...found, status: 'withdrawn' }, normal);
  }
  throw new Error('The item kept changing while it was being withdrawn.');
}
