// Keeps data no longer than the table in docs/safeguarding.md says. Runs at start, daily, and
// `npm run purge`; each store applies the rules as one change (store.ts applyRetention).
import type { RetentionReport, Store } from '../store/store.ts';
import type { Site } from '../../schemas/site.ts';

const DAY = 86_400_000;

export function runRetention(store: Store, days: Site['retentionDays'], now = Date.now()): Promise<RetentionReport> {
  return store.applyRetention(days, now);
}

/** Runs now, then once a day, without keeping the process alive. */
export function scheduleRetention(store: Store, days: Site['retentionDays']): void {
  const run = () => void runRetention(store, days).catch(() => undefined);
  run();
  setInterval(run, DAY).unref();
}
