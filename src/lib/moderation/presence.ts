// Who is on it: opening an item's page records that it has been opened (which stops its reminders,
// alerts/reminders.ts) and shows the facilitator to colleagues as having it open for the next
// 10 minutes; each view of the page renews that, so it works without JavaScript. A view is a GET:
// the page drawn again after one of its forms (refused, or with errors) records nothing.
import type { Store } from '../store/store.ts';
import type { Facilitator } from '../accounts/facilitators.ts';

export interface Presence {
  itemId: string;
  facilitatorId: string;
  /** ISO time they opened it, this visit. */
  since: string;
  /** ISO time they stop being shown, unless they view it again. */
  until: string;
}

export const PRESENCE_MS = 10 * 60_000;

export interface Colleague {
  email: string;
  since: string;
}

/** Records a facilitator's view of an item in their scope; returns the colleagues who have it open now. */
export async function viewItem(store: Store, facilitator: Pick<Facilitator, 'id'>, itemId: string, now = Date.now()): Promise<Colleague[]> {
  return colleagues(store, (await store.team.view(itemId, facilitator.id, new Date(now).toISOString(), new Date(now + PRESENCE_MS).toISOString())) ?? []);
}

/** The colleagues who have the item open now, recording nothing: for the page drawn again after one of its forms. */
export async function colleaguesOn(store: Store, facilitator: Pick<Facilitator, 'id'>, itemId: string, now = Date.now()): Promise<Colleague[]> {
  return colleagues(store, await store.team.present(itemId, facilitator.id, new Date(now).toISOString()));
}

/** Who they are, leaving out disabled accounts. */
async function colleagues(store: Store, present: Presence[]): Promise<Colleague[]> {
  const found = await Promise.all(
    present.map(async (p) => {
      const account = await store.facilitators.byId(p.facilitatorId);
      return account && !account.disabled ? { email: account.email, since: p.since } : null;
    }),
  );
  return found.filter((c): c is Colleague => c !== null);
}
