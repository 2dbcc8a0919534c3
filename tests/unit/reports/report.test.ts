import { describe, it, expect } from 'vitest';
import { newSubmissionId, type Submission } from '../../../src/lib/sharing/submission.ts';
import type { Prompt } from '../../../src/lib/participation/prompts.ts';
import { inPeriod, parsePeriod, recentPeriods } from '../../../src/lib/dates.ts';
import { buildReport, reportCsv, showReport } from '../../../src/lib/reports/report.ts';

type ReportSource = Parameters<typeof buildReport>[0];
type Report = ReturnType<typeof buildReport>;
type Row = Report['byStatus'][number];

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-24T10:00:00Z');

/** A report with these counts, as showReport gets it from buildReport. */
const counted = (counts: Partial<Report>): Report => ({
  period: parsePeriod('2026-11', NOW), total: 0, byStatus: [], byKind: [], byPlace: [], byPrompt: [], urgent: 0, decided: 0, medianHours: null, published: 0, ...counts,
});

describe('the one suppression rule', () => {
  it.each([
    [0, '0'], [1, '<5'], [2, '<5'], [3, '<5'], [4, '<5'], [5, '5'], [6, '6'], [123, '123'],
  ])('%i → %s', (n, shown) => {
    expect(showReport(counted({ urgent: n })).urgent).toBe(shown);
    expect(showReport(counted({ total: n })).total).toBe(shown);
  });
});

describe('a breakdown: totals must not give a small count away', () => {
  const rows = (...counts: number[]): Row[] => counts.map((count, i) => ({ key: `k${i}`, label: `Row ${i}`, count }));
  const sum = (r: Row[]) => r.reduce((n, x) => n + x.count, 0);
  // Every table of a report is protected alike; the first (by status) stands for them all.
  const protectRows = (r: Row[], total: number) => showReport(counted({ total, byStatus: r })).tables[0]!.rows;

  it('shows every count when none is small', () => {
    const r = rows(10, 0, 7);
    expect(protectRows(r, sum(r)).map((x) => x.shown)).toEqual(['10', '0', '7']);
  });

  it('withholds the next smallest count when exactly one is small (else total − others = it)', () => {
    const r = rows(10, 3, 7, 0);
    expect(protectRows(r, sum(r)).map((x) => [x.shown, x.exact])).toEqual([['10', true], ['<5', false], ['withheld', false], ['0', true]]);
  });

  it('leaves it at "<5" when two or more are small (only their sum can be worked out)', () => {
    const r = rows(10, 3, 1, 7);
    expect(protectRows(r, sum(r)).map((x) => x.shown)).toEqual(['10', '<5', '<5', '7']);
  });

  it('needs no more when the total itself is small', () => {
    const r = rows(3, 0, 0);
    expect(protectRows(r, sum(r)).map((x) => x.shown)).toEqual(['<5', '0', '0']);
  });
});

describe('periods (UK time)', () => {
  it('defaults to the current UK month, and reads months, quarters and years', () => {
    expect(parsePeriod(null, NOW)).toMatchObject({ kind: 'month', key: '2026-11', label: 'November 2026', first: '2026-11-01', last: '2026-11-30' });
    expect(parsePeriod('nonsense', NOW).key).toBe('2026-11');
    expect(parsePeriod('2026-13', NOW).key).toBe('2026-11');
    expect(parsePeriod('2024-02', NOW)).toMatchObject({ first: '2024-02-01', last: '2024-02-29' });
    expect(parsePeriod('2026-q4', NOW)).toMatchObject({ kind: 'quarter', key: '2026-Q4', label: 'October to December 2026', first: '2026-10-01', last: '2026-12-31' });
    expect(parsePeriod('2025', NOW)).toMatchObject({ kind: 'year', first: '2025-01-01', last: '2025-12-31' });
    // Just after midnight on 1 July in the UK is still 30 June in UTC.
    expect(parsePeriod(null, Date.parse('2026-06-30T23:30:00Z')).key).toBe('2026-07');
  });

  it('offers the last 12 months, 8 quarters and 3 years, across a new year', () => {
    const recent = recentPeriods(Date.parse('2026-02-10T12:00:00Z'));
    expect(recent.month.map((p) => p.key)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11', '2025-10', '2025-09', '2025-08', '2025-07', '2025-06', '2025-05', '2025-04', '2025-03']);
    expect(recent.quarter.map((p) => p.key)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1', '2024-Q4', '2024-Q3', '2024-Q2']);
    expect(recent.year.map((p) => p.key)).toEqual(['2026', '2025', '2024']);
  });

  it('counts a submission on its UK day', () => {
    const july = parsePeriod('2026-07', NOW);
    expect(inPeriod('2026-06-30T23:30:00Z', july)).toBe(true);
    expect(inPeriod('2026-07-31T23:30:00Z', july)).toBe(false);
  });
});

function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    id: newSubmissionId(), kind: 'poem', title: null, body: 'words', penName: null, place: 'barnsley', promptId: null, warnings: [], publish: true, flags: [], urgent: false,
    status: 'pending', receiptHash: newSubmissionId(), createdAt: new Date(NOW - 24 * HOUR).toISOString(), decidedAt: null, message: null, published: null,
    ...overrides,
  };
}

const prompt = { id: 'p1', question: 'What should change?' } as Prompt;
const source = (submissions: Submission[], inScope: (p: string | null) => boolean = () => true): ReportSource => ({
  submissions,
  prompts: [prompt],
  inScope,
  places: [{ id: 'sheffield', name: 'Sheffield' }, { id: 'barnsley', name: 'Barnsley' }, { id: null, name: 'Not given' }],
  statuses: [{ id: 'pending', label: 'Waiting' }, { id: 'published', label: 'Published' }, { id: 'declined', label: 'Declined' }],
  kinds: [{ id: 'poem', label: 'A poem' }, { id: 'view', label: 'My view' }],
  period: parsePeriod('2026-11', NOW),
});
const decided = (hours: number, extra: Partial<Submission> = {}) =>
  submission({ status: 'published', createdAt: new Date(NOW - 100 * HOUR).toISOString(), decidedAt: new Date(NOW - (100 - hours) * HOUR).toISOString(), ...extra });

describe('the median time to a first decision', () => {
  it.each([
    [[], null],
    [[4], 4],
    [[5, 1, 3], 3],
    [[1, 2, 3, 10], 2.5],
    [[2, 2, 9, 1, 100], 2],
  ])('of %j hours is %s', (hours, expected) => expect(buildReport(source(hours.map((h) => decided(h)))).medianHours).toBe(expected));
});

describe('buildReport', () => {
  it('counts by status, kind, place and prompt, urgent, published and the median time to a first decision, within scope and period', () => {
    const items = [
      ...Array.from({ length: 6 }, () => submission({ place: 'sheffield' })),
      submission({ place: null, urgent: true, kind: 'view', promptId: 'p1' }),
      decided(1), decided(2), decided(3, { promptId: 'p1' }), decided(10, { status: 'declined' }), decided(20),
      // Outside the period, and outside the scope used below.
      submission({ createdAt: '2026-10-31T12:00:00Z' }),
      submission({ place: 'derby' }),
    ];
    const report = buildReport(source(items, (p) => p !== 'derby'));
    expect(report.total).toBe(12);
    expect(report.byStatus.map((r) => r.count)).toEqual([7, 4, 1]);
    expect(report.byKind.map((r) => r.count)).toEqual([11, 1]);
    expect(report.byPlace.map((r) => [r.label, r.count])).toEqual([['Sheffield', 6], ['Barnsley', 5], ['Not given', 1]]);
    expect(report.byPrompt.map((r) => [r.label, r.count])).toEqual([['What should change?', 2], ['Not answering a question', 10]]);
    expect(report.urgent).toBe(1);
    expect(report.decided).toBe(5);
    expect(report.medianHours).toBe(3);
    expect(report.published).toBe(4);
  });

  it('a spoke facilitator’s report counts only their spoke', () => {
    const items = [submission({ place: 'barnsley' }), submission({ place: 'sheffield' }), submission({ place: null })];
    const report = buildReport({ ...source(items, (p) => p === 'barnsley'), places: [{ id: 'barnsley', name: 'Barnsley' }] });
    expect(report.total).toBe(1);
    expect(report.byPlace).toEqual([{ key: 'barnsley', label: 'Barnsley', count: 1 }]);
  });
});

describe('showReport and the CSV: suppression in every output', () => {
  const items = [
    ...Array.from({ length: 6 }, () => submission({ place: 'sheffield' })),
    submission({ place: null, urgent: true, kind: 'view' }),
    decided(1), decided(2), decided(3), decided(4, { status: 'declined' }),
  ];
  const shown = showReport(buildReport(source(items)));

  it('shows small counts as "<5", withholds what would give one away, and guards the percentage and median', () => {
    expect(shown.total).toBe('11');
    const table = (id: string) => shown.tables.find((t) => t.id === id)!.rows.map((r) => [r.label, r.shown]);
    expect(table('status')).toEqual([['Waiting', '7'], ['Published', '<5'], ['Declined', '<5']]);
    // One small cell (1 view) next to 10 poems: the poems are withheld, or 11 − 10 would give it away.
    expect(table('kind')).toEqual([['A poem', 'withheld'], ['My view', '<5']]);
    expect(table('place')).toEqual([['Sheffield', '6'], ['Barnsley', '<5'], ['Not given', '<5']]);
    expect(shown.urgent).toBe('<5');
    expect(shown.median).toBe('Not shown: fewer than 5 decisions');
    expect(shown.sharePublished).toBe('Not shown: too few to show safely');
  });

  it('shows the share published and the median once they are safe', () => {
    const waiting = Array.from({ length: 6 }, () => submission());
    const safe = showReport(buildReport(source([...waiting, ...[1, 2, 3, 4, 5, 6].map((h) => decided(h))])));
    expect(safe.median).toBe('3.5 hours');
    expect(safe.tables[0]!.rows.map((r) => r.shown)).toEqual(['6', '6', '0']);
    expect(safe.sharePublished).toBe('50%');
  });

  it('the CSV carries exactly what the table shows, never a small number', () => {
    const csv = reportCsv(shown, 'Every place');
    const lines = csv.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines[0]).toEqual(['Section', 'Item', 'Value']);
    expect(lines).toContainEqual(['Total', 'Submissions', '11']);
    expect(lines).toContainEqual(['Status', 'Published', '<5']);
    expect(lines).toContainEqual(['Kind', 'A poem', 'withheld']);
    expect(lines).toContainEqual(['Place', 'Sheffield', '6']);
    expect(lines).toContainEqual(['Urgent', 'Marked urgent', '<5']);
    for (const [, , value] of lines.slice(3)) expect(value).not.toMatch(/^[1-4]$/);
  });

  it('quotes CSV cells and stops a spreadsheet reading a formula', () => {
    const report = buildReport({ ...source([submission({ promptId: 'p2' })]), prompts: [{ id: 'p2', question: '=HYPERLINK("x"), or "y"?' } as Prompt] });
    const csv = reportCsv(showReport(report), 'Sheffield, and its spokes');
    expect(csv).toContain('"\'=HYPERLINK(""x""), or ""y""?"');
    expect(csv).toContain('Report,Scope,"Sheffield, and its spokes"');
  });
});
