// Moderation decisions: publish (redacted), mark as read, decline, safeguarding concern, delete.
// Scope is passed in as a predicate, so an item outside it cannot be acted on (it is not found).
import type { Store, VoicesData } from '../store/store.ts';
import type { InScope } from '../scope.ts';
import { recordAudit } from './audit.ts';
import { itemFor } from './queue.ts';
import { eraseText, type Submission } from '../sharing/submission.ts';

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

export async function decide(
  store: Store,
  actor: string,
  inScope: InScope,
  id: string,
  decision: Decision,
  fields: DecisionFields,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; notFound: true } | { ok: false; errors: DecisionErrors }> {
  const item = itemFor(store, inScope, id);
  if (!item) return { ok: false, notFound: true };
  const errors = check(item, decision);
  if (Object.keys(errors).length) return { ok: false, errors };
  await store.update((data: VoicesData) => {
    recordAudit(data, { actor, action: decision, target: item.id }, now);
    if (decision === 'delete') {
      data.submissions.splice(data.submissions.indexOf(item), 1);
      return;
    }
    item.decidedAt ??= new Date(now).toISOString();
    item.message = optional(fields.message);
    if (decision === 'publish') {
      item.published = {
        title: optional(fields.title),
        body: fields.body.replace(/\r\n/g, '\n'),
        penName: optional(fields.penName),
        warnings: fields.warnings,
        at: new Date(now).toISOString(),
      };
      item.status = 'published';
      // Only the redacted version is kept once it is published (data minimisation).
      eraseText(item);
    } else if (decision === 'mark-read') {
      item.status = 'read';
    } else if (decision === 'decline') {
      item.status = 'declined';
      eraseText(item);
    } else {
      item.status = 'concern';
    }
  });
  return { ok: true };
}
