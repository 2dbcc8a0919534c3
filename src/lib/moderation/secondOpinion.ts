// A second opinion: a facilitator marks an item with a note asking colleagues to look; it shows
// under "Needs a second opinion" in the queue of everyone in scope, and someone other than the
// asker must make the decision. The next decision that stands closes the request.
import type { Store } from '../store/store.ts';
import type { InScope } from '../scope.ts';
import { auditEntry } from './audit.ts';
import { checkNote, newNote, NOTES_CLOSED, type NoteResult } from './notes.ts';
import { itemFor } from './queue.ts';

export interface SecondOpinion {
  itemId: string;
  /** The facilitator who asked: they may not decide the item while it is open. */
  by: string;
  /** ISO time. */
  at: string;
}

export const ASKER_MAY_NOT_DECIDE = 'You asked for a second opinion on this, so a colleague must make the decision. Your note is on the item for them.';
const ASKED_ALREADY = 'Someone has asked for a second opinion on this already.';

/** Asks for a second opinion on an item in scope, with the note that says why. */
export async function askSecondOpinion(store: Store, actor: string, inScope: InScope, id: string, text: string, now = Date.now()): Promise<NoteResult> {
  const item = await itemFor(store, inScope, id);
  if (!item) return { ok: false, notFound: true };
  const error = checkNote(text);
  if (error) return { ok: false, error };
  const asked = await store.team.askSecondOpinion(newNote(item.id, actor, text, now, true), auditEntry(actor, 'second-opinion', item.id, now));
  if (asked === 'ok') return { ok: true };
  return { ok: false, error: asked === 'asked' ? ASKED_ALREADY : NOTES_CLOSED };
}
