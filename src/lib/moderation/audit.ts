export interface AuditEntry {
  at: string;
  /** A facilitator id, or 'system' (retention), 'author' (withdrawn with a receipt) or 'cli'. */
  actor: string;
  /** e.g. 'publish', 'decline', 'concern', 'delete', 'mark-read', 'sign-in', 'facilitator-add'. */
  action: string;
  /** The submission or facilitator id acted on. */
  target: string | null;
}

/** An audit entry for the store to record with the change it describes. Only ids and actions: never any text. */
export function auditEntry(actor: string, action: string, target: string | null, now = Date.now()): AuditEntry {
  return { at: new Date(now).toISOString(), actor, action, target };
}

/** Team work on an item, not decisions: what a conflict reports as the last thing done to an item skips them. */
export const TEAM_ACTIONS: readonly string[] = ['note-add', 'second-opinion'];
