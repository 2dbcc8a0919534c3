// Receipt codes: shown once when words are sent, kept only as a keyed hash. With the code, its
// holder sees where the words stand and any message, and can withdraw them.
import { createHmac } from 'node:crypto';
import { newReadableCode, normaliseReadableCode } from '../readableCode.ts';
import { getStore, type Store } from '../store/store.ts';
import { auditEntry } from '../moderation/audit.ts';
import { createRateLimiter } from '../http/rateLimit.ts';
import { createClientKeyer } from '../http/clientKey.ts';
import { readShareConfig } from './shareConfig.ts';
import type { Submission, SubmissionStatus } from './submission.ts';

/** Characters in a code: 31^16 ≈ 2^79, far beyond guessing. */
const RECEIPT_LENGTH = 16;

/** A new receipt code, e.g. `7KQ3-MZ9D-H2WX-4TPB`. */
export const generateReceiptCode = (): string => newReadableCode(RECEIPT_LENGTH);

/** The keyed hash that is stored instead of the code. Throws if code is not a receipt code. */
export function hashReceiptCode(code: string, secret: Buffer): string {
  const canonical = normaliseReadableCode(code, RECEIPT_LENGTH);
  if (canonical === null) throw new TypeError('Not a receipt code.');
  // The prefix keeps these hashes apart from any other HMAC made with the same secret.
  return createHmac('sha256', secret).update(`voices-receipt:${canonical}`).digest('hex');
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
  const normal = normaliseReadableCode(code, RECEIPT_LENGTH);
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
  const normal = normaliseReadableCode(code, RECEIPT_LENGTH);
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
