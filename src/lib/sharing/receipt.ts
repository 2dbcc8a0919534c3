// Receipt codes: shown once when words are sent, kept only as a keyed hash. With the code, its
// holder sees where the words stand and any message, and can withdraw them.
import { createHmac, randomInt } from 'node:crypto';
import { getStore } from '../store/store.ts';
import { serverSecret } from '../store/secret.ts';
import { recordAudit } from '../moderation/audit.ts';
import { createRateLimiter } from '../http/rateLimit.ts';
import { createClientKeyer } from '../http/clientKey.ts';
import { readShareConfig } from './shareConfig.ts';
import { eraseText, type Submission, type SubmissionStatus } from './submission.ts';

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

const lookups = createRateLimiter([{ max: readShareConfig().statusLimit10Min, seconds: 10 * 60 }]);
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

async function find(code: string) {
  const normal = normaliseReceiptCode(code);
  if (!normal) return null;
  const store = await getStore();
  const submission = store.findSubmissionByReceiptHash(hashReceiptCode(normal, serverSecret()));
  return submission ? { store, submission, normal } : null;
}

/** Every look-up counts against the limit, right or wrong, so codes can't be guessed. */
export async function lookUpReceipt(code: string, clientAddress: string): Promise<ReceiptOutcome> {
  const limit = await lookups.hit(clientKey(clientAddress));
  if (!limit.ok) return { status: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
  const found = await find(code);
  if (!found) return { status: 'not-found' };
  return lookUpFound(found.submission, found.normal);
}

function lookUpFound(submission: Submission, code: string): ReceiptOutcome {
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

/** Deletes the words at once; only the status stays, so the receipt still says what happened. */
export async function withdrawByReceipt(code: string, clientAddress: string): Promise<ReceiptOutcome> {
  const limit = await lookups.hit(clientKey(clientAddress));
  if (!limit.ok) return { status: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
  const found = await find(code);
  if (!found) return { status: 'not-found' };
  const { store, submission, normal } = found;
  if (submission.status === 'withdrawn' || submission.status === 'declined') return lookUpFound(submission, normal);
  await store.update((data) => {
    recordAudit(data, { actor: 'author', action: 'withdraw', target: submission.id });
    submission.status = 'withdrawn';
    eraseText(submission);
    submission.published = null;
  });
  return { status: 'found', view: { code: normal, status: 'withdrawn', message: submission.message, publishedId: null, canWithdraw: false } };
}
