import type { AuditEntry, VoicesData } from '../store/store.ts';

/** Appends an audit entry inside a store update. Only ids and actions: never any text. */
export function recordAudit(data: VoicesData, entry: Omit<AuditEntry, 'at'>, now = Date.now()): void {
  data.audit.push({ at: new Date(now).toISOString(), actor: entry.actor, action: entry.action, target: entry.target });
}
