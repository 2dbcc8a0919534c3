// Digests and urgent alerts. Each share is recorded as an arrival with the submission (one change),
// and the worker turns arrivals into emails: an urgent one at once, others at most once a place
// every 15 minutes. Claiming is compare-and-set on the place's last digest, so with several
// servers one of them queues each email.
import type { Store } from '../store/store.ts';
import type { People } from './worker.ts';
import { DIGEST_GAP_MS } from './schedule.ts';
import type { NewEmail } from './outbox.ts';
import { inScopeOf, type Places } from './recipients.ts';

/** A place with arrivals no email has covered yet. */
export interface PlaceDue {
  place: string | null;
  /** The submissions that arrived. */
  arrivals: string[];
  /** Whether any of them is urgent. */
  urgent: boolean;
  /** ISO time of the place's last digest or urgent alert; null for none yet. */
  lastDigestAt: string | null;
}

export interface DigestClaim {
  place: string | null;
  /** The last digest time seen: the claim stands only if it is still so. */
  lastDigestAt: string | null;
  /** The arrivals it covers. */
  arrivals: string[];
  /** ISO time: the place's last digest time from now on, if it queues any email. */
  at: string;
}

interface DigestContext {
  /** The accounts and their digest settings, read only if something is due. */
  people: () => Promise<People>;
  places: Places;
  /** False while mail is off: arrivals are let go without emails. */
  mail: boolean;
}

/** Queues the digests and urgent alerts due at `now`; returns how many emails it queued. */
export async function planDigests(store: Store, now: number, context: DigestContext): Promise<number> {
  const due = await store.alerts.due();
  if (due.length === 0) return 0;
  const [counts, { facilitators, digestOff }] = await Promise.all([store.submissions.pendingByPlace(), context.people()]);
  let queued = 0;
  for (const place of due) {
    const waiting = counts[place.place ?? 'none'] ?? { pending: 0, urgent: 0 };
    const urgent = place.urgent && waiting.urgent > 0;
    const gapOver = place.lastDigestAt === null || now - Date.parse(place.lastDigestAt) >= DIGEST_GAP_MS;
    if (!urgent && !gapOver && context.mail) continue;
    const emails: NewEmail[] =
      context.mail && waiting.pending > 0
        ? inScopeOf(place.place, facilitators, context.places)
            .filter((f) => urgent || !digestOff.has(f.id))
            .map((f) => ({ to: f.id, email: { kind: urgent ? 'urgent' : 'digest', place: place.place, waiting: waiting.pending, urgent: waiting.urgent } }))
        : [];
    const claim = { place: place.place, lastDigestAt: place.lastDigestAt, arrivals: place.arrivals, at: new Date(now).toISOString() };
    if (await store.alerts.claimDigest(claim, emails)) queued += emails.length;
  }
  return queued;
}
