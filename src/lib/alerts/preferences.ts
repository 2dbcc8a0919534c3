// Each facilitator's own choice of alert emails: the digest can be turned off; urgent alerts and
// reminders cannot, so that something that needs action always reaches someone.
import type { Store } from '../store/store.ts';
import { auditEntry } from '../moderation/audit.ts';

export async function digestIsOn(store: Store, facilitatorId: string): Promise<boolean> {
  return !(await store.alerts.digestOff()).includes(facilitatorId);
}

/** Turns the facilitator's own digest on or off, in the audit log. */
export async function setDigest(store: Store, facilitatorId: string, on: boolean, now = Date.now()): Promise<void> {
  await store.alerts.setDigest(facilitatorId, on, auditEntry(facilitatorId, on ? 'digest-on' : 'digest-off', facilitatorId, now));
}
