// Receiving a young person's words: checks, guard and screen, then one durable write.
import { getStore, newSubmissionId, type Submission } from './store.ts';
import { serverSecret } from './secret.ts';
import { readFormToken, issueFormToken, FORM_TOKEN_TTL_MS } from './formToken.ts';
import { generateReceiptCode, hashReceiptCode } from './receipt.ts';
import { createRateLimiter } from './rateLimit.ts';
import { createClientKeyer } from './clientKey.ts';
import { readShareConfig } from './shareConfig.ts';
import { readShareValues, validateShare, type ShareErrors, type ShareValues } from '../shared/shareForm.ts';
import { findIdentifyingInfo } from '../shared/identifyingInfo.ts';
import { screenUrgent } from '../shared/urgentScreen.ts';
import { notifyModerators } from './webhook.ts';

const MINUTE = 60_000;
const config = readShareConfig();
const clientKey = createClientKeyer();
const shareLimiter = createRateLimiter({
  windows: [
    { ms: 10 * MINUTE, max: config.limit10Min },
    { ms: 24 * 60 * MINUTE, max: config.limitDay },
  ],
});

export type ShareOutcome =
  | { status: 'sent'; receipt: string; urgent: boolean }
  | { status: 'invalid'; errors: ShareErrors; values: ShareValues; token: string }
  /** The form was sent again (a refresh or a double tap): nothing new was stored. */
  | { status: 'duplicate' }
  /** Too fast, an old form, or a bot's field filled in: refused kindly, words kept. */
  | { status: 'refused'; reason: 'too-fast' | 'expired' | 'honeypot'; values: ShareValues; token: string }
  | { status: 'rate-limited'; retryAfterSeconds: number; values: ShareValues };

export interface ShareContext {
  placeIds: readonly string[];
  localPlaces: readonly string[];
  clientAddress: string;
  now?: number;
}

/** A fresh token for the form as it is shown now. */
export function newFormToken(now = Date.now()): string {
  return issueFormToken(serverSecret(), now);
}

export async function receiveShare(form: FormData, context: ShareContext): Promise<ShareOutcome> {
  const now = context.now ?? Date.now();
  const values = readShareValues(form);
  const fresh = () => newFormToken(now);

  if (String(form.get('website') ?? '') !== '') return { status: 'refused', reason: 'honeypot', values, token: fresh() };

  const token = readFormToken(String(form.get('token') ?? ''), serverSecret());
  if (!token || now - token.issuedAt > FORM_TOKEN_TTL_MS) return { status: 'refused', reason: 'expired', values, token: fresh() };
  const store = await getStore();
  if (store.read((data) => token.id in data.usedFormTokens)) return { status: 'duplicate' };
  if (now - token.issuedAt < config.minSeconds * 1000) return { status: 'refused', reason: 'too-fast', values, token: fresh() };

  const checked = validateShare(values, context.placeIds);
  if (!checked.ok) return { status: 'invalid', errors: checked.errors, values, token: fresh() };

  const limit = shareLimiter.hit(clientKey(context.clientAddress));
  if (!limit.ok) return { status: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds, values };

  const { input } = checked;
  const receipt = generateReceiptCode();
  const urgent = screenUrgent(`${input.title ?? ''}\n${input.body}`).urgent;
  const submission: Submission = {
    id: newSubmissionId(),
    kind: input.kind,
    title: input.title,
    body: input.body,
    penName: input.penName,
    place: input.place,
    promptId: null,
    warnings: input.warnings,
    publish: input.publish,
    flags: findIdentifyingInfo(input.body, { places: context.localPlaces }),
    urgent,
    status: 'pending',
    receiptHash: hashReceiptCode(receipt, serverSecret()),
    createdAt: new Date(now).toISOString(),
    decidedAt: null,
    message: null,
    published: null,
  };
  // The token is spent in the same write as the submission: a second send finds it used.
  const stored = await store.update((data) => {
    if (token.id in data.usedFormTokens) return false;
    data.usedFormTokens[token.id] = token.issuedAt + FORM_TOKEN_TTL_MS;
    data.submissions.push(submission);
    return true;
  });
  if (!stored) return { status: 'duplicate' };
  notifyModerators(store);
  return { status: 'sent', receipt, urgent };
}
