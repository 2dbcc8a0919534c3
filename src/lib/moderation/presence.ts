// Who is on it: opening an item's page records that it has been opened (which stops its reminders,
// alerts/reminders.ts) and shows the facilitator to colleagues as having it open for the next
// 10 minutes; each view of the page renews that, so it works without JavaScript.
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
  const others = await store.team.view(itemId, facilitator.id, new Date(now).toISOString(), new Date(now + PRESENCE_MS).toISOString());
  const colleagues = await Promise.all(
    (others ?? []).map(async (p) => {
      const account = await store.facilitators.byId(p.facilitatorId);
      return account && !account.disabled ? { email: account.email, since: p.since } : null;
    }),
  );
  return colleagues.filter((c): c is Colleague => c !== null);
}
