import type { VoicesData } from '../store/store.ts';

export interface AuditEntry {
  at: string;
  /** A facilitator id, or 'system' (retention) or 'author' (withdrawn with a receipt). */
  actor: string;
  /** e.g. 'publish', 'decline', 'concern', 'delete', 'mark-read', 'sign-in', 'facilitator-add'. */
  action: string;
  /** The submission or facilitator id acted on. */
  target: string | null;
}

/** Appends an audit entry inside a store update. Only ids and actions: never any text. */
export function recordAudit(data: VoicesData, entry: Omit<AuditEntry, 'at'>, now = Date.now()): void {
  data.audit.push({ at: new Date(now).toISOString(), actor: entry.actor, action: entry.action, target: entry.target });
}
