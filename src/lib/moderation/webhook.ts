// Optional nudge so a queue never stalls unseen: counts per place only, never text, ids or anything
// about the sender. Sends that arrive together are grouped into one call.
import type { Store } from '../store/store.ts';

const GROUP_MS = 2000;
let pending: ReturnType<typeof setTimeout> | undefined;

type QueueCounts = Record<string, { pending: number; urgent: number }>;

function queueCounts(store: Store): QueueCounts {
  return store.read((data) => {
    const counts: QueueCounts = {};
    for (const item of data.submissions) {
      if (item.status !== 'pending') continue;
      const place = (counts[item.place ?? 'none'] ??= { pending: 0, urgent: 0 });
      place.pending++;
      if (item.urgent) place.urgent++;
    }
    return counts;
  });
}

export function notifyModerators(store: Store, url = process.env.MODERATION_WEBHOOK_URL): void {
  if (!url || pending) return;
  pending = setTimeout(() => {
    pending = undefined;
    const body = JSON.stringify({ event: 'queue', places: queueCounts(store) });
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  }, GROUP_MS);
  pending.unref();
}
