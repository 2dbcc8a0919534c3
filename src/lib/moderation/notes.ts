// Team notes on an item: short notes by facilitators in its scope (who and when), shown on the
// item's staff page and never to its author. A note lives as long as the words it is about: it goes
// when they are erased (declined, published, withdrawn, a concern's time up) or the item is removed.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { InScope } from '../scope.ts';
import { auditEntry } from './audit.ts';
import { itemFor } from './queue.ts';

export interface TeamNote {
  /** Random, url-safe. */
  id: string;
  /** The submission it is about. */
  itemId: string;
  /** The facilitator who wrote it. */
  by: string;
  /** ISO time. */
  at: string;
  text: string;
  /** Written to ask for a second opinion (secondOpinion.ts). */
  secondOpinion: boolean;
}

export const MAX_NOTE = 500;

/** What is wrong with a note's text, or undefined. */
export function checkNote(text: string): string | undefined {
  if (text.trim() === '') return 'Enter a note';
  if (text.length > MAX_NOTE) return `The note must be ${MAX_NOTE} characters or fewer`;
  return undefined;
}

export function newNote(itemId: string, by: string, text: string, now: number, secondOpinion = false): TeamNote {
  return { id: randomBytes(12).toString('base64url'), itemId, by, at: new Date(now).toISOString(), text: text.trim().replace(/\r\n/g, '\n'), secondOpinion };
}

export type NoteResult =
  | { ok: true }
  | { ok: false; notFound: true }
  | { ok: false; error: string };

/** The words are gone, so there is nothing left to write about. */
export const NOTES_CLOSED = 'Notes can only be added while the words are kept: these have been deleted.';

/** Adds a note by a facilitator to an item in their scope, in the audit log by id only. */
export async function addNote(store: Store, actor: string, inScope: InScope, id: string, text: string, now = Date.now()): Promise<NoteResult> {
  const item = await itemFor(store, inScope, id);
  if (!item) return { ok: false, notFound: true };
  const error = checkNote(text);
  if (error) return { ok: false, error };
  const added = await store.team.addNote(newNote(item.id, actor, text, now), auditEntry(actor, 'note-add', item.id, now));
  return added ? { ok: true } : { ok: false, error: NOTES_CLOSED };
}

/** An item's notes, oldest first, each with the email of who wrote it. */
export async function notesFor(store: Store, itemId: string): Promise<(TeamNote & { author: string })[]> {
  const notes = await store.team.notes(itemId);
  const authors = new Map<string, string>();
  for (const by of new Set(notes.map((n) => n.by))) authors.set(by, (await store.facilitators.byId(by))?.email ?? 'A former facilitator');
  return notes.map((note) => ({ ...note, author: authors.get(note.by)! }));
}
