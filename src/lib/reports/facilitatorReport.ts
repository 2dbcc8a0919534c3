// The report a facilitator sees at /moderate/reports and downloads as CSV: one function for both,
// so the chart, the table and the CSV always carry the same numbers.
import { getStore, type SubmissionStatus } from '../store/store';
import { STATUSES } from '../moderation/queue';
import { buildReport, parsePeriod, showReport, type ShownReport } from './report';
import { SHARE_KINDS, type ShareKind } from '../sharing/shareForm';
import { scopeOf } from '../moderation/moderationScope';
import { placeChoices } from '../participation/participationScopeOf';

type Facilitator = NonNullable<App.Locals['facilitator']>;

export const STATUS_LABELS: Record<SubmissionStatus, string> = {
  pending: 'Waiting',
  read: 'Read (kept private)',
  published: 'Published',
  declined: 'Declined',
  concern: 'Safeguarding concern',
  withdrawn: 'Withdrawn by the author',
};

export async function reportFor(facilitator: Facilitator, periodParam: string | null, now = Date.now()): Promise<{ shown: ShownReport; scopeLabel: string }> {
  const inScope = await scopeOf(facilitator);
  const places = await placeChoices();
  const store = await getStore();
  const report = buildReport({
    ...store.read((data) => ({ submissions: data.submissions, prompts: data.prompts })),
    inScope,
    places: [...places.filter((p) => inScope(p.id)).map((p) => ({ id: p.id, name: p.name })), ...(inScope(null) ? [{ id: null, name: 'Not given' }] : [])],
    statuses: STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] })),
    kinds: (Object.keys(SHARE_KINDS) as ShareKind[]).map((id) => ({ id, label: SHARE_KINDS[id] })),
    period: parsePeriod(periodParam, now),
  });
  const own = places.find((p) => p.id === facilitator.place);
  const scopeLabel = facilitator.role === 'admin' ? 'Every place' : own?.kind === 'hub' ? `${own.name} and its spokes` : own?.name ?? facilitator.place ?? 'None';
  return { shown: showReport(report), scopeLabel };
}
