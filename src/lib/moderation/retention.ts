// Keeps data no longer than the table in docs/safeguarding.md says. Runs at start, daily, and `npm run purge`.
import type { Store, VoicesData } from '../store/store.ts';
import type { Site } from '../../schemas/site.ts';
import { recordAudit } from './audit.ts';
import { eraseText } from '../sharing/submission.ts';

const DAY = 86_400_000;
type RetentionDays = Site['retentionDays'];

interface RetentionReport {
  /** Pending or read items past their time: deleted with their receipt. */
  expired: number;
  /** Safeguarding concerns whose text was deleted. */
  concernTexts: number;
  /** Receipts past their time: the code no longer finds anything. */
  receipts: number;
  auditEntries: number;
  sessions: number;
}

function applyRetention(data: VoicesData, days: RetentionDays, now = Date.now()): RetentionReport {
  const report: RetentionReport = { expired: 0, concernTexts: 0, receipts: 0, auditEntries: 0, sessions: 0 };
  const older = (iso: string, limit: number) => now - Date.parse(iso) > limit * DAY;
  const audit = (action: string, target: string) => recordAudit(data, { actor: 'system', action, target }, now);

  data.submissions = data.submissions.filter((item) => {
    if ((item.status === 'pending' || item.status === 'read') && older(item.createdAt, days.pending)) {
      report.expired++;
      audit('expire', item.id);
      return false;
    }
    if (item.status === 'concern' && item.body !== null && older(item.decidedAt ?? item.createdAt, days.concern)) {
      eraseText(item);
      report.concernTexts++;
      audit('expire-text', item.id);
    }
    if (item.receiptHash && older(item.createdAt, days.receipt)) {
      item.receiptHash = '';
      report.receipts++;
      // With no words left and no receipt, nothing is left to keep.
      if (item.status !== 'published') {
        audit('expire', item.id);
        return false;
      }
    }
    return true;
  });

  const keepAudit = data.audit.filter((entry) => !older(entry.at, days.audit));
  report.auditEntries = data.audit.length - keepAudit.length;
  data.audit = keepAudit;
  const liveSessions = data.sessions.filter((s) => s.expiresAt > now);
  report.sessions = data.sessions.length - liveSessions.length;
  data.sessions = liveSessions;
  return report;
}

export function runRetention(store: Store, days: RetentionDays, now = Date.now()): Promise<RetentionReport> {
  return store.update((data) => applyRetention(data, days, now));
}

/** Runs now, then once a day, without keeping the process alive. */
export function scheduleRetention(store: Store, days: RetentionDays): void {
  const run = () => void runRetention(store, days).catch(() => undefined);
  run();
  setInterval(run, DAY).unref();
}
