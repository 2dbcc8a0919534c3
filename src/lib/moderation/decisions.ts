// Moderation decisions: publish (redacted), mark as read, decline, safeguarding concern, delete.
// Scope is passed in as a predicate, so an item outside it cannot be acted on (it is not found).
import type { Store, VoicesData } from '../store/store.ts';
import type { InScope } from '../scope.ts';
import { recordAudit } from './audit.ts';
import { itemFor } from './queue.ts';
import { eraseText, type Submission } from '../sharing/submission.ts';
import { MAX_BODY, MAX_PEN_NAME, MAX_TITLE } from '../sharing/shareForm.ts';
import { isContentWarning } from '../safeguarding/contentWarnings.ts';

export type Decision = 'publish' | 'mark-read' | 'decline' | 'concern' | 'delete';
export const DECISIONS: Decision[] = ['publish', 'mark-read', 'decline', 'concern', 'delete'];

export interface DecisionFields {
  title: string;
  body: string;
  penName: string;
  warnings: string[];
  message: string;
}

export type DecisionErrors = Partial<Record<'body' | 'title' | 'penName' | 'warnings' | 'message' | 'decision', string>>;
export const MAX_MESSAGE = 2000;

function check(item: Submission, decision: Decision, fields: DecisionFields): DecisionErrors {
  const errors: DecisionErrors = {};
  if (decision === 'publish') {
    if (!item.publish) errors.decision = 'The author asked for this to stay private, so it cannot be published';
    if (!fields.body.trim()) errors.body = 'Enter the text to publish';
    else if (fields.body.length > MAX_BODY) errors.body = `The text must be ${MAX_BODY.toLocaleString('en-GB')} characters or fewer`;
    if (fields.title.trim().length > MAX_TITLE) errors.title = `The title must be ${MAX_TITLE} characters or fewer`;
    if (fields.penName.trim().length > MAX_PEN_NAME) errors.penName = `The name to show must be ${MAX_PEN_NAME} characters or fewer`;
    if (!fields.warnings.every(isContentWarning)) errors.warnings = 'Choose content warnings from the list';
  }
  if (decision === 'mark-read' && item.publish) errors.decision = 'The author said yes to publishing: publish or decline it';
  if (fields.message.length > MAX_MESSAGE) errors.message = `The message must be ${MAX_MESSAGE.toLocaleString('en-GB')} characters or fewer`;
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
  const errors = check(item, decision, fields);
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
