// Receiving a young person's words: checks, guard and screen, then one durable write.
import { getStore, type Store } from '../store/store.ts';
import { newSubmissionId, type Submission } from './submission.ts';
import { readFormToken, issueFormToken, FORM_TOKEN_TTL_MS, type FormToken } from './formToken.ts';
import { generateReceiptCode, hashReceiptCode } from './receipt.ts';
import { readShareConfig } from './shareConfig.ts';
import { shareSchema, type ShareErrorCode, type ShareErrors, type ShareValues } from './shareForm.ts';
import { checkValues, typedValues } from '../forms.ts';
import { createRateLimiter } from '../http/rateLimit.ts';
import { createClientKeyer } from '../http/clientKey.ts';
import { findIdentifyingInfo } from '../safeguarding/identifyingInfo.ts';
import { screenUrgent } from '../safeguarding/urgentScreen.ts';
import { notifyModerators } from '../moderation/webhook.ts';
import { checkWorkshopCode, normaliseWorkshopCode, type WorkshopCode } from '../participation/workshopCodes.ts';
import { isOpen, type Prompt } from '../participation/prompts.ts';
import { promptReaches, type ScopePlace } from '../scope.ts';

const MINUTES = 60;
const config = readShareConfig();
const clientKey = createClientKeyer();
const shareLimiter = createRateLimiter('share', [
  { max: config.limit10Min, seconds: 10 * MINUTES },
  { max: config.limitDay, seconds: 24 * 60 * MINUTES },
]);
// In a group session everyone shares the venue's connection: words sent with a valid workshop code
// are limited per code instead of per connection (off where the share limits are off).
const workshopShareLimiter = createRateLimiter('share-workshop', [
  { max: config.limit10Min && 40, seconds: 10 * MINUTES },
  { max: config.limitDay && 300, seconds: 12 * 60 * MINUTES },
]);
// Codes are short: 10 wrong ones per client in 10 minutes, then every code waits. Right codes are
// not counted, because a whole group shares one connection in a session.
const codeGuesses = createRateLimiter('code-guess', [{ max: 10, seconds: 10 * MINUTES }]);

type ShareOutcome =
  | { status: 'sent'; receipt: string; urgent: boolean }
  /** retryAfterSeconds: too many wrong workshop codes from this client (answered with 429). */
  | { status: 'invalid'; errors: ShareErrors; values: ShareValues; token: string; retryAfterSeconds?: number }
  /** The form was sent again (a refresh or a double tap): nothing new was stored. */
  | { status: 'duplicate' }
  /** Too fast, an old form, or a bot's field filled in: refused kindly, words kept. */
  | { status: 'refused'; reason: 'too-fast' | 'expired' | 'honeypot'; values: ShareValues; token: string }
  | { status: 'rate-limited'; retryAfterSeconds: number; values: ShareValues };

interface ShareContext {
  placeIds: readonly string[];
  /** Hubs and spokes (with a spoke's hub), to tell whether a place is in a prompt's audience. */
  places?: readonly ScopePlace[];
  localPlaces: readonly string[];
  clientAddress: string;
  now?: number;
}

/** A fresh token for the form as it is shown now. */
export async function newFormToken(now = Date.now()): Promise<string> {
  return issueFormToken((await getStore()).secret, now);
}

export async function receiveShare(form: FormData, context: ShareContext): Promise<ShareOutcome> {
  const now = context.now ?? Date.now();
  const values = typedValues(shareSchema(context.placeIds), form);
  const store = await getStore();
  const fresh = () => issueFormToken(store.secret, now);

  if (String(form.get('website') ?? '') !== '') return { status: 'refused', reason: 'honeypot', values, token: fresh() };

  const token = readFormToken(String(form.get('token') ?? ''), store.secret);
  if (!token || now - token.issuedAt > FORM_TOKEN_TTL_MS) return { status: 'refused', reason: 'expired', values, token: fresh() };
  // A double tap: while this form is being received, a second send of it waits, and counts nothing.
  // (No await between finding no send in progress and registering this one.)
  for (let first = sending.get(token.id); first; first = sending.get(token.id)) {
    if ((await first).status === 'sent') return { status: 'duplicate' };
  }
  const receiving = (async (): Promise<ShareOutcome> => {
    if (await store.formTokens.spent(token.id)) return { status: 'duplicate' };
    if (now - token.issuedAt < config.minSeconds * 1000) return { status: 'refused', reason: 'too-fast', values, token: fresh() };
    return receive(store, token, values, context, now);
  })();
  sending.set(token.id, receiving);
  try {
    return await receiving;
  } finally {
    sending.delete(token.id);
  }
}

/** Forms being received now, by token id. */
const sending = new Map<string, Promise<ShareOutcome>>();

/** Everything after the form's token: code, prompt, fields, limits, then one durable write. */
async function receive(store: Store, token: FormToken, values: ShareValues, context: ShareContext, now: number): Promise<ShareOutcome> {
  const fresh = () => issueFormToken(store.secret, now);
  const client = await clientKey(context.clientAddress);
  const code = values.workshop.trim() === '' ? null : await workshopCode(store, values.workshop, client, now);
  const workshop = code?.status === 'valid' ? code.code : null;
  const places = context.places ?? context.placeIds.map((id) => ({ id, kind: 'hub' as const }));
  const prompt = await answering(store, values.prompt, workshop, places, now);
  const checked = checkValues(shareSchema(context.placeIds, { placeOptional: workshop !== null || (prompt?.place ?? null) !== null }), values);
  if (!checked.ok || (code && code.status !== 'valid')) {
    const errors: ShareErrors = { ...(checked.ok ? {} : checked.errors), ...(code?.status === 'refused' && { workshop: code.error }) };
    const retryAfterSeconds = code?.status === 'refused' ? code.retryAfterSeconds : undefined;
    return { status: 'invalid', errors, values, token: fresh(), ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) };
  }

  const limit = await (workshop ? workshopShareLimiter.hit(workshop.id) : shareLimiter.hit(client));
  if (!limit.ok) return { status: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds, values };

  const input = checked.data;
  // A code decides the place; a prompt for one place takes answers from elsewhere (or nowhere) to its team.
  const place = workshop
    ? workshop.place
    : prompt?.place && !(input.place && promptReaches(prompt, input.place, places))
      ? prompt.place
      : input.place;
  const receipt = generateReceiptCode();
  const urgent = screenUrgent(`${input.title ?? ''}\n${input.body}`).urgent;
  const submission: Submission = {
    id: newSubmissionId(),
    kind: input.kind,
    title: input.title,
    body: input.body,
    penName: input.penName,
    place,
    promptId: prompt?.id ?? null,
    warnings: input.warnings,
    publish: input.publish,
    flags: findIdentifyingInfo(input.body, { places: context.localPlaces }),
    urgent,
    status: 'pending',
    receiptHash: hashReceiptCode(receipt, store.secret),
    createdAt: new Date(now).toISOString(),
    decidedAt: null,
    message: null,
    published: null,
  };
  // The token is spent in the same change as the submission is stored: a second send finds it used.
  const stored = await store.submissions.create(submission, { id: token.id, expiresAt: token.issuedAt + FORM_TOKEN_TTL_MS });
  if (!stored) return { status: 'duplicate' };
  notifyModerators(store);
  return { status: 'sent', receipt, urgent };
}

type CodeOutcome = { status: 'valid'; code: WorkshopCode } | { status: 'refused'; error: ShareErrorCode; retryAfterSeconds?: number };

/**
 * A typed workshop code. Each try counts as a guess before the code is looked at, so tries sent all
 * at once are counted as they arrive; a right code is given back. Once the guesses are used up, no
 * code is looked at until the window ends.
 */
async function workshopCode(store: Store, typed: string, client: string, now: number): Promise<CodeOutcome> {
  const guess = await codeGuesses.hit(client);
  if (!guess.ok) return { status: 'refused', error: 'workshopLimited', retryAfterSeconds: guess.retryAfterSeconds };
  const check = checkWorkshopCode(await store.workshopCodes.withCode(normaliseWorkshopCode(typed)), typed, now);
  if (check.status !== 'valid') return { status: 'refused', error: check.status === 'expired' ? 'workshopExpired' : 'workshopUnknown' };
  await codeGuesses.undo(client);
  return check;
}

/** The open prompt these words answer: the code's, or the one the form carried (if it reaches the code's place). */
async function answering(store: Store, formPrompt: string, workshop: WorkshopCode | null, places: readonly ScopePlace[], now: number): Promise<Prompt | null> {
  const open = async (id: string | null) => {
    const prompt = id ? await store.prompts.get(id) : null;
    return prompt && isOpen(prompt, now) ? prompt : null;
  };
  const asked = await open(formPrompt);
  if (!workshop) return asked;
  return (await open(workshop.promptId)) ?? (asked && promptReaches(asked, workshop.place, places) ? asked : null);
}
