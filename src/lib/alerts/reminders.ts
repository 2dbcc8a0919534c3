// Reminders: an item nobody has opened for 48 hours sends one reminder to its place's team, and if
// it is still unopened a day later, one to the hub's facilitators and admins. Opening the item's
// page stops them (moderation/presence.ts). Claiming is compare-and-set on each item's count of
// reminders, so with several servers one of them queues each email.
import type { Store } from '../store/store.ts';
import type { People } from './worker.ts';
import { ESCALATE_AFTER_MS, REMINDER_AFTER_MS } from './schedule.ts';
import type { NewEmail } from './outbox.ts';
import { escalationOf, teamOf, type Places } from './recipients.ts';

/** Whether anyone has opened an item, and the reminders it has had. */
export interface Attention {
  itemId: string;
  /** ISO time of its first opening; null while nobody has. */
  openedAt: string | null;
  reminders: number;
  /** ISO time of the last reminder. */
  remindedAt: string | null;
}

/** A pending item nobody has opened. */
export interface Unopened {
  id: string;
  place: string | null;
}

export interface ReminderClaim {
  ids: string[];
  /** The reminder this is (1 or 2): the claim stands only if each item has had one fewer. */
  reminders: number;
  /** ISO time. */
  at: string;
}

interface ReminderContext {
  people: () => Promise<People>;
  places: Places;
}

function byPlace(items: Unopened[]): Map<string | null, string[]> {
  const groups = new Map<string | null, string[]>();
  for (const item of items) groups.set(item.place, [...(groups.get(item.place) ?? []), item.id]);
  return groups;
}

/** Queues the reminders due at `now`; returns how many emails it queued. */
export async function planReminders(store: Store, now: number, context: ReminderContext): Promise<number> {
  const at = new Date(now).toISOString();
  let queued = 0;
  const first = await store.alerts.unopened(0, new Date(now - REMINDER_AFTER_MS).toISOString());
  const second = await store.alerts.unopened(1, new Date(now - ESCALATE_AFTER_MS).toISOString());
  if (first.length === 0 && second.length === 0) return 0;
  const { facilitators } = await context.people();
  for (const [place, ids] of byPlace(first)) {
    const team = teamOf(place, facilitators, context.places);
    // A place with nobody in its team: the reminder goes straight to those who can act for it.
    const to = team.length > 0 ? team : escalationOf(place, facilitators, context.places);
    const emails: NewEmail[] = to.map((f) => ({ to: f.id, email: { kind: 'reminder', place, unopened: ids.length, escalated: false } }));
    if (await store.alerts.claimReminders({ ids, reminders: 1, at }, emails)) queued += emails.length;
  }
  for (const [place, ids] of byPlace(second)) {
    const team = teamOf(place, facilitators, context.places);
    // With no team, the first reminder went to these people already.
    const to = team.length > 0 ? escalationOf(place, facilitators, context.places) : [];
    const emails: NewEmail[] = to.map((f) => ({ to: f.id, email: { kind: 'reminder', place, unopened: ids.length, escalated: true } }));
    if (await store.alerts.claimReminders({ ids, reminders: 2, at }, emails)) queued += emails.length;
  }
  return queued;
}
