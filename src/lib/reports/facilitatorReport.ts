// The report a facilitator sees at /moderate/reports and downloads as CSV: one function for both,
// so the chart, the table and the CSV always carry the same numbers.
import { getStore } from '../store/store.ts';
import { SUBMISSION_STATUSES, SUBMISSION_KINDS, type SubmissionStatus, type SubmissionKind } from '../sharing/submission.ts';
import type { Facilitator } from '../accounts/facilitators.ts';
import { placesByHub } from '../config.ts';
import { scopeOf } from '../scope.ts';
import { addDays, parsePeriod } from '../dates.ts';
import { buildReport, showReport, type ShownReport } from './report.ts';

const STATUS_LABELS: Record<SubmissionStatus, string> = {
  pending: 'Waiting',
  read: 'Read (kept private)',
  published: 'Published',
  declined: 'Declined',
  concern: 'Safeguarding concern',
  withdrawn: 'Withdrawn by the author',
};

export async function reportFor(facilitator: Facilitator, periodParam: string | null, now = Date.now()): Promise<{ shown: ShownReport; scopeLabel: string }> {
  const inScope = scopeOf(facilitator);
  const places = placesByHub;
  const store = await getStore();
  const period = parsePeriod(periodParam, now);
  // UK days start an hour either side of UTC's: ask for a day more each side, and let buildReport keep the period's own.
  const [submissions, prompts] = await Promise.all([
    store.submissions.reportRows(inScope.places, `${addDays(period.first, -1)}T00:00:00.000Z`, `${addDays(period.last, 2)}T00:00:00.000Z`),
    store.prompts.list(null),
  ]);
  const report = buildReport({
    submissions,
    prompts,
    inScope,
    places: [...places.filter((p) => inScope(p.id)).map((p) => ({ id: p.id, name: p.name })), ...(inScope(null) ? [{ id: null, name: 'Not given' }] : [])],
    statuses: SUBMISSION_STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] })),
    kinds: (Object.keys(SUBMISSION_KINDS) as SubmissionKind[]).map((id) => ({ id, label: SUBMISSION_KINDS[id] })),
    period,
  });
  const own = places.find((p) => p.id === facilitator.place);
  const scopeLabel = facilitator.role === 'admin' ? 'Every place' : own?.kind === 'hub' ? `${own.name} and its spokes` : own?.name ?? facilitator.place ?? 'None';
  return { shown: showReport(report), scopeLabel };
}
