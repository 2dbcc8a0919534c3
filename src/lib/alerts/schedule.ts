// When alerts go: the digest's gap, the reminders, and how sending backs off. The worker takes its
// clock as a parameter (worker.ts), so tests move time instead of waiting for it.

/** At most one digest a place in this time (an urgent alert goes at once, and starts the gap again). */
export const DIGEST_GAP_MS = 15 * 60_000;
/** An item nobody has opened for this long: a reminder to its place's team. */
export const REMINDER_AFTER_MS = 48 * 3_600_000;
/** Still unopened this long after that reminder: one to the hub's facilitators and admins. */
export const ESCALATE_AFTER_MS = 24 * 3_600_000;
/** How long a server holds an email it is sending before another may try it (longer than every SMTP timeout together). */
export const HOLD_MS = 2 * 60_000;
/** An email not sent in a day is dropped: by then it says nothing the queue does not. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/** Wait after the nth failure in a row: 5 seconds, doubling, at most 15 minutes. */
export function retryDelay(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 15 * 60_000);
}
