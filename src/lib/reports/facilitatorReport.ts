// The report a facilitator sees at /moderate/reports and downloads as CSV: one function for both,
// so the chart, the table and the CSV always carry the same numbers.
import { getStore } from '../store/store.ts';
import { SUBMISSION_STATUSES, SUBMISSION_KINDS, type SubmissionStatus, type SubmissionKind } from '../sharing/submission.ts';
import type { Facilitator } from '../accounts/facilitators.ts';
import { placesByHub } from '../config.ts';
import { scopeOf } from '../scope.ts';
import { parsePeriod } from '../dates.ts';
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
  const report = buildReport({
    ...store.read((data) => ({ submissions: data.submissions, prompts: data.prompts })),
    inScope,
    places: [...places.filter((p) => inScope(p.id)).map((p) => ({ id: p.id, name: p.name })), ...(inScope(null) ? [{ id: null, name: 'Not given' }] : [])],
    statuses: SUBMISSION_STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] })),
    kinds: (Object.keys(SUBMISSION_KINDS) as SubmissionKind[]).map((id) => ({ id, label: SUBMISSION_KINDS[id] })),
    period: parsePeriod(periodParam, now),
  });
  const own = places.find((p) => p.id === facilitator.place);
  const scopeLabel = facilitator.role === 'admin' ? 'Every place' : own?.kind === 'hub' ? `${own.name} and its spokes` : own?.name ?? facilitator.place ?? 'None';
  return { shown: showReport(report), scopeLabel };
}
