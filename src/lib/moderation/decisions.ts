// Moderation decisions: publish (redacted), mark as read, decline, safeguarding concern, delete.
// Scope is passed in as a predicate, so an item outside it cannot be acted on (it is not found).
// A decision is compare-and-set: it stands only if the item is still as the facilitator saw it, so
// of two facilitators deciding at once exactly one decision stands, and the other is told how.
import type { Conflict, Store, SubmissionChange } from '../store/store.ts';
import type { InScope } from '../scope.ts';
import { auditEntry } from './audit.ts';
import { itemFor } from './queue.ts';
import type { Submission, SubmissionStatus } from '../sharing/submission.ts';
import { ukDateTime } from '../dates.ts';
import { ASKER_MAY_NOT_DECIDE } from './secondOpinion.ts';

export const DECISIONS = ['publish', 'mark-read', 'decline', 'concern', 'delete'] as const;
export type Decision = (typeof DECISIONS)[number];

/** As the item page's form checked them (decisionForm.ts). */
export interface DecisionFields {
  title: string;
  body: string;
  penName: string;
  warnings: string[];
  message: string;
}

type DecisionErrors = Partial<Record<'decision', string>>;
export const MAX_MESSAGE = 2000;

/** What the item itself rules out: publishing against the author's wish, or deciding on withdrawn words. */
function check(item: Submission, decision: Decision): DecisionErrors {
  const errors: DecisionErrors = {};
  if (decision === 'publish' && !item.publish) errors.decision = 'The author asked for this to stay private, so it cannot be published';
  if (decision === 'mark-read' && item.publish) errors.decision = 'The author said yes to publishing: publish or decline it';
  if (item.status === 'withdrawn') errors.decision = 'The author has withdrawn this';
  return errors;
}

const optional = (text: string) => (text.trim() === '' ? null : text.trim());

/** What a decision changes in the stored item. */
function changeFor(decision: Decision, fields: DecisionFields, now: number): SubmissionChange {
  if (decision === 'delete') return { delete: true };
  const at = new Date(now).toISOString();
  const common = { firstDecidedAt: at, message: optional(fields.message) };
  switch (decision) {
    case 'publish':
      // Only the redacted version is kept once it is published (data minimisation).
      return {
        ...common,
        status: 'published',
        eraseText: true,
        published: { title: optional(fields.title), body: fields.body.replace(/\r\n/g, '\n'), penName: optional(fields.penName), warnings: fields.warnings, at },
      };
    case 'mark-read':
      return { ...common, status: 'read' };
    case 'decline':
      return { ...common, status: 'declined', eraseText: true };
    case 'concern':
      return { ...common, status: 'concern' };
  }
}

const DONE_WORDS: Record<string, string> = {
  publish: 'published this',
  'mark-read': 'marked this as read',
  decline: 'declined this',
  concern: 'recorded this as a safeguarding concern',
  delete: 'deleted this',
  withdraw: 'withdrew this',
  expire: 'removed this when its time was up',
  'expire-text': 'deleted these words when their time was up',
};

/**
 * In words, how an item was decided while this facilitator was looking at it: who (they are in the
 * item's scope, so they may know a colleague did it), what, and when; never an id.
 */
export async function alreadyDecided(store: Store, me: string, conflict: Conflict): Promise<string> {
  const { last } = conflict;
  if (!last) return conflict.now === 'gone' ? 'Someone else has dealt with this already: it is no longer here.' : 'Someone else has decided this already.';
  let who = 'Someone else';
  if (last.actor === me) who = 'You';
  else if (last.actor === 'author') who = 'The author';
  else if (last.actor === 'system') who = 'Voices';
  else {
    const colleague = await store.facilitators.byId(last.actor);
    if (colleague) who = `Someone else (${colleague.email})`;
  }
  const did = DONE_WORDS[last.action] ?? 'changed this';
  return `${who} ${did} at ${ukDateTime(last.at)}, so your decision was not made. Nothing else was changed.`;
}

type DecideResult =
  | { ok: true }
  | { ok: false; notFound: true }
  | { ok: false; errors: DecisionErrors }
  /** Someone decided it first (or the author withdrew it): message says who, what and when. */
  | { ok: false; alreadyDecided: string };

export async function decide(
  store: Store,
  actor: string,
  inScope: InScope,
  id: string,
  decision: Decision,
  fields: DecisionFields,
  options: { now?: number; /** The status the facilitator saw, from their form. */ expected?: SubmissionStatus } = {},
): Promise<DecideResult> {
  const now = options.now ?? Date.now();
  const item = await itemFor(store, inScope, id);
  if (!item) return { ok: false, notFound: true };
  const expected = options.expected ?? item.status;
  // Checked against the item as the facilitator saw it; if it has changed since, the store says so.
  if (item.status === expected) {
    const errors = check(item, decision);
    const [asked] = await store.team.secondOpinions([item.id]);
    if (asked?.by === actor) errors.decision = ASKER_MAY_NOT_DECIDE;
    if (Object.keys(errors).length) return { ok: false, errors };
  }
  const result = await store.submissions.decide(item.id, expected, changeFor(decision, fields, now), auditEntry(actor, decision, item.id, now));
  if (result.ok) return result;
  if (result.reason === 'not-found') return { ok: false, notFound: true };
  return { ok: false, alreadyDecided: await alreadyDecided(store, actor, result) };
}
