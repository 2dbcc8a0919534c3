// What a receipt code can see and do: where the words stand, a facilitator's message, withdraw.
import { getStore, type Submission, type SubmissionStatus } from '../store/store.ts';
import { recordAudit } from '../moderation/audit.ts';
import { serverSecret } from '../store/secret.ts';
import { hashReceiptCode, normaliseReceiptCode } from './receipt.ts';
import { createRateLimiter } from '../http/rateLimit.ts';
import { createClientKeyer } from '../http/clientKey.ts';
import { readShareConfig } from './shareConfig.ts';

const lookups = createRateLimiter({ windows: [{ ms: 10 * 60_000, max: readShareConfig().statusLimit10Min }] });
const clientKey = createClientKeyer();

export interface ReceiptView {
  code: string;
  status: SubmissionStatus;
  message: string | null;
  /** Set while the words are on the site. */
  publishedId: string | null;
  /** The author may withdraw until it is withdrawn or gone. */
  canWithdraw: boolean;
}

export type ReceiptOutcome =
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
  const limit = lookups.hit(clientKey(clientAddress));
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
  const limit = lookups.hit(clientKey(clientAddress));
  if (!limit.ok) return { status: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
  const found = await find(code);
  if (!found) return { status: 'not-found' };
  const { store, submission, normal } = found;
  if (submission.status === 'withdrawn' || submission.status === 'declined') return lookUpFound(submission, normal);
  await store.update((data) => {
    recordAudit(data, { actor: 'author', action: 'withdraw', target: submission.id });
    submission.status = 'withdrawn';
    submission.body = null;
    submission.title = null;
    submission.penName = null;
    submission.flags = [];
    submission.published = null;
  });
  return { status: 'found', view: { code: normal, status: 'withdrawn', message: submission.message, publishedId: null, canWithdraw: false } };
}
