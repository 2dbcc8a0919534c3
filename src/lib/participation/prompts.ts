// Prompts: questions put to young people, open between two UK days, and what changed because of
// the answers ("You said, we did"). Every change is checked against the facilitator's scope and
// audited by id, never with any text.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { Submission } from '../sharing/submission.ts';
import { auditEntry } from '../moderation/audit.ts';
import { canManagePrompt, canViewPrompt, type InScope, type ParticipationScope } from '../scope.ts';
import { placeName } from '../config.ts';
import { ukDateTime, ukDay } from '../dates.ts';

/** What changed because of a closed prompt's answers ("You said, we did"). */
export interface PromptOutcome {
  /** What the service did, written by a facilitator (rendered by renderUserText). */
  weDid: string;
  /** Published answers shown beside it; one that is no longer published is not shown. */
  answerIds: string[];
  /** ISO time it was (last) written. */
  at: string;
  /** The facilitator id who wrote it. */
  by: string;
}

/** A question put to young people. */
export interface Prompt {
  /** Random, url-safe: it is in public URLs. */
  id: string;
  question: string;
  /** Why we ask and what happens next; may be empty. */
  context: string;
  /** A hub or spoke id, or null for the whole network. */
  place: string | null;
  /** First day it is open, YYYY-MM-DD in UK time. */
  opensOn: string;
  /** Last day it is open (inclusive), YYYY-MM-DD in UK time. */
  closesOn: string;
  /** ISO time a facilitator closed it early, or null. */
  closedAt: string | null;
  /** Facilitator id. */
  createdBy: string;
  createdAt: string;
  outcome: PromptOutcome | null;
}

export const MAX_QUESTION = 200;
export const MAX_CONTEXT = 2000;
export const MAX_WE_DID = 2000;
/** Answers shown beside an outcome: enough to be heard, few enough to keep the page light. */
export const MAX_ANSWERS_SHOWN = 6;
/** The place field's value for the whole network. */
export const NETWORK = 'network';

type PromptState = 'upcoming' | 'open' | 'closed';

/** Open from its opening day to its closing day inclusive (UK days), unless closed early. */
export function promptState(prompt: Pick<Prompt, 'opensOn' | 'closesOn' | 'closedAt'>, today: string): PromptState {
  if (prompt.closedAt !== null || today > prompt.closesOn) return 'closed';
  return today < prompt.opensOn ? 'upcoming' : 'open';
}

export const isOpen = (prompt: Prompt, now = Date.now()) => promptState(prompt, ukDay(now)) === 'open';

/** Who a prompt is for, in words: a place's name, or the whole network for null. */
export const promptAudience = (place: string | null): string =>
  place === null ? 'young people everywhere we work' : `young people in ${placeName(place)}`;

/** A new prompt as its form checked it (promptForms.ts). */
type NewPrompt = Pick<Prompt, 'question' | 'context' | 'place' | 'opensOn' | 'closesOn'>;

export async function createPrompt(store: Store, actor: string, fields: NewPrompt, now = Date.now()): Promise<Prompt> {
  const prompt: Prompt = {
    id: randomBytes(9).toString('base64url'),
    ...fields,
    closedAt: null,
    createdBy: actor,
    createdAt: new Date(now).toISOString(),
    outcome: null,
  };
  await store.prompts.create(prompt, auditEntry(actor, 'prompt-create', prompt.id, now));
  return prompt;
}

export const findPrompt = (store: Store, id: string): Promise<Prompt | null> => (id ? store.prompts.get(id) : Promise.resolve(null));

/** The prompt if this facilitator may see it; null (a 404) otherwise. */
export async function promptFor(store: Store, scope: ParticipationScope, id: string): Promise<Prompt | null> {
  const prompt = await findPrompt(store, id);
  return prompt && canViewPrompt(scope, prompt) ? prompt : null;
}

/** Prompts this facilitator may see, newest first. */
export const listPrompts = (store: Store, scope: ParticipationScope): Promise<Prompt[]> => store.prompts.list(scope.admin ? null : scope.reachedBy);

/** Prompts open today, closing soonest first. */
export const openPrompts = (store: Store, now = Date.now()): Promise<Prompt[]> => store.prompts.openOn(ukDay(now));

type Managed = { ok: true; prompt: Prompt } | { ok: false; notFound: true };

/** The prompt if this facilitator may change it; otherwise it does not exist for them. */
async function managed(store: Store, scope: ParticipationScope, id: string): Promise<Managed> {
  const prompt = await findPrompt(store, id);
  return prompt && canManagePrompt(scope, prompt) ? { ok: true, prompt } : { ok: false, notFound: true };
}

/** Closes an open (or not yet open) prompt now; of two closing it at once, one closes it and the other is told. */
export async function closePrompt(store: Store, actor: string, scope: ParticipationScope, id: string, now = Date.now()):
  Promise<{ ok: true } | { ok: false; notFound: true } | { ok: false; error: string }> {
  const found = await managed(store, scope, id);
  if (!found.ok) return found;
  const closed = await store.prompts.close(id, ukDay(now), auditEntry(actor, 'prompt-close', id, now));
  if (closed.ok) return closed;
  if (!closed.prompt) return { ok: false, notFound: true };
  const when = closed.prompt.closedAt ? ` at ${ukDateTime(closed.prompt.closedAt)}` : '';
  return { ok: false, error: `This question is already closed${when}` };
}

/** Published answers to this prompt that the facilitator can see: what they may show beside the outcome. */
export const answerChoices = (store: Store, prompt: Prompt, inScope: InScope): Promise<Submission[]> => store.submissions.publishedAnswers(prompt.id, inScope.places);

/** How many answers each prompt has that this facilitator can see. */
export const answerCounts = (store: Store, inScope: InScope): Promise<Map<string, number>> => store.submissions.answerCounts(inScope.places);

interface OutcomeFields {
  /** As its form checked it (promptForms.ts). */
  weDid: string;
  answerIds: string[];
  /** When the outcome the facilitator saw was written ('' for none): a newer one is not overwritten. */
  seen?: string | undefined;
}
type OutcomeErrors = Partial<Record<'weDid' | 'answers', string>>;

/** Writes (or rewrites) what changed, once the prompt is closed, with the answers picked to show. */
export async function saveOutcome(
  store: Store,
  actor: string,
  scope: ParticipationScope,
  inScope: InScope,
  id: string,
  fields: OutcomeFields,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; notFound: true } | { ok: false; errors: OutcomeErrors }> {
  const found = await managed(store, scope, id);
  if (!found.ok) return found;
  const { prompt } = found;
  const { weDid, answerIds } = fields;
  const errors: OutcomeErrors = {};
  if (promptState(prompt, ukDay(now)) !== 'closed') errors.weDid = 'Close the question before writing what changed';
  const choices = new Set((await answerChoices(store, prompt, inScope)).map((s) => s.id));
  if (answerIds.some((a) => !choices.has(a))) errors.answers = 'Choose answers from the list: one of them is no longer published';
  if (Object.keys(errors).length) return { ok: false, errors };
  const expected = fields.seen === undefined ? (prompt.outcome?.at ?? null) : fields.seen || null;
  const outcome = { weDid, answerIds, at: new Date(now).toISOString(), by: actor };
  const saved = await store.prompts.saveOutcome(id, expected, outcome, auditEntry(actor, 'prompt-outcome', id, now));
  if (saved.ok) return saved;
  if (!saved.prompt) return { ok: false, notFound: true };
  const when = saved.prompt.outcome ? ` at ${ukDateTime(saved.prompt.outcome.at)}` : '';
  return { ok: false, errors: { weDid: `Someone else saved what changed${when}, after you opened this page, so yours was not saved. Yours is still below: save it again to replace theirs` } };
}

/** The picked answers that are still published, in the order they were published. */
export async function shownAnswers(store: Store, prompt: Prompt): Promise<Submission[]> {
  if (!prompt.outcome || prompt.outcome.answerIds.length === 0) return [];
  return (await store.submissions.getMany(prompt.outcome.answerIds))
    .filter((s) => s.promptId === prompt.id && s.status === 'published' && s.published !== null)
    .sort((a, b) => a.published!.at.localeCompare(b.published!.at));
}

/** Closed prompts with an outcome, newest outcome first: the live "You said, we did" entries. */
export const liveOutcomes = (store: Store, now = Date.now()): Promise<Prompt[]> => store.prompts.withOutcomes(ukDay(now));

/** What the public may see of a prompt: open ones and closed ones; not those still to open. */
export async function publicPrompt(store: Store, id: string, now = Date.now()): Promise<{ prompt: Prompt; state: Exclude<PromptState, 'upcoming'> } | null> {
  const prompt = await findPrompt(store, id);
  if (!prompt) return null;
  const state = promptState(prompt, ukDay(now));
  return state === 'upcoming' ? null : { prompt, state };
}
