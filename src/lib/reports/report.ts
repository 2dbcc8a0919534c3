// Reports for commissioners: counts of what arrived in a period, within a facilitator's scope.
// Statistical disclosure control: any count from 1 to 4 is shown as "<5" (shownCount, the one
// rule), in the chart, the table and the CSV alike, so nobody can be singled out.
//
// Totals and percentages could undo that, so:
// - a breakdown (by status, kind, place, prompt) adds up to the total, which is shown; with just
//   one "<5" cell in it, the total minus the others would give that cell away. So the smallest
//   other non-zero cell is withheld too ("withheld": secondary suppression). With two or more
//   small cells, only their sum can be worked out, which names nobody;
// - the share published is shown only when the published count itself is shown exactly;
// - the median time to a first decision is shown only when at least 5 items were decided: a
//   median of fewer would be one item's (or two items') own timing.
// Each report is safe on its own. Comparing nested reports (a quarter with its months, a hub with
// its spokes) can still narrow a small count down; that is why reports stay with staff and
// commissioners, and are not published.
import type { Prompt } from '../participation/prompts.ts';
import type { SubmissionKind, SubmissionStatus } from '../sharing/submission.ts';
import type { ReportRow } from '../store/store.ts';
import { inPeriod, type Period } from '../dates.ts';

export const SMALL = '<5';
export const WITHHELD = 'withheld';

/** The one rule: a count from 1 to 4 is shown as "<5"; 0 and 5 or more as they are. */
function shownCount(count: number): string {
  return count >= 1 && count <= 4 ? SMALL : String(count);
}

interface Row {
  /** A status, kind, place or prompt id; '' for "not given" / "no prompt". */
  key: string;
  label: string;
  count: number;
}

export interface ShownRow extends Row {
  /** What every output shows: a number, "<5" or "withheld". */
  shown: string;
  /** True when shown is the count itself (a chart draws a bar only then). */
  exact: boolean;
}

/** Applies the rule to a breakdown that adds up to total, with secondary suppression (see above). */
function protectRows(rows: readonly Row[], total: number): ShownRow[] {
  const shown = rows.map((row) => ({ ...row, shown: shownCount(row.count), exact: shownCount(row.count) === String(row.count) }));
  const small = shown.filter((row) => !row.exact);
  if (small.length === 1 && shownCount(total) === String(total)) {
    const next = shown.filter((row) => row.exact && row.count > 0).sort((a, b) => a.count - b.count)[0];
    if (next) Object.assign(next, { shown: WITHHELD, exact: false });
  }
  return shown;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---- The report ------------------------------------------------------------------------------

interface ReportSource {
  submissions: readonly ReportRow[];
  prompts: readonly Pick<Prompt, 'id' | 'question'>[];
  inScope: (place: string | null) => boolean;
  /** The places in scope, in the order to show them; null stands for "not given". */
  places: readonly { id: string | null; name: string }[];
  statuses: readonly { id: SubmissionStatus; label: string }[];
  kinds: readonly { id: SubmissionKind; label: string }[];
  period: Period;
}

interface Report {
  period: Period;
  total: number;
  byStatus: Row[];
  byKind: Row[];
  byPlace: Row[];
  byPrompt: Row[];
  urgent: number;
  /** How many of them had a first decision. */
  decided: number;
  /** Hours from arrival to first decision, the median; null with no decisions. */
  medianHours: number | null;
  published: number;
}

/** Counts what arrived in the period, within scope. Pure: the page, the CSV and the tests share it. */
export function buildReport(source: ReportSource): Report {
  const items = source.submissions.filter((s) => source.inScope(s.place) && inPeriod(s.createdAt, source.period));
  const count = (test: (s: ReportRow) => boolean) => items.reduce((n, s) => n + Number(test(s)), 0);
  const promptIds = [...new Set(items.map((s) => s.promptId).filter((id): id is string => id !== null))];
  const question = new Map(source.prompts.map((p) => [p.id, p.question]));
  const hours = items.filter((s) => s.decidedAt !== null).map((s) => (Date.parse(s.decidedAt!) - Date.parse(s.createdAt)) / 3_600_000);
  return {
    period: source.period,
    total: items.length,
    byStatus: source.statuses.map(({ id, label }) => ({ key: id, label, count: count((s) => s.status === id) })),
    byKind: source.kinds.map(({ id, label }) => ({ key: id, label, count: count((s) => s.kind === id) })),
    byPlace: source.places.map(({ id, name }) => ({ key: id ?? '', label: name, count: count((s) => s.place === id) })),
    byPrompt: [
      ...promptIds
        .map((id) => ({ key: id, label: question.get(id) ?? 'A question that has been removed', count: count((s) => s.promptId === id) }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      { key: '', label: 'Not answering a question', count: count((s) => s.promptId === null) },
    ],
    urgent: count((s) => s.urgent),
    decided: hours.length,
    medianHours: median(hours),
    published: count((s) => s.status === 'published'),
  };
}

interface ShownTable {
  id: 'status' | 'kind' | 'place' | 'prompt';
  title: string;
  rows: ShownRow[];
}

/** A report as every output shows it: only what the disclosure rules allow. */
export interface ShownReport {
  period: Period;
  total: string;
  tables: ShownTable[];
  urgent: string;
  /** "3.5 hours", or why it is not shown. */
  median: string;
  sharePublished: string;
}

/** Decisions needed before a median time is shown. */
export const MIN_FOR_MEDIAN = 5;

function formatHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} minutes`;
  if (hours < 48) return `${hours.toFixed(1)} hours`;
  return `${(hours / 24).toFixed(1)} days`;
}

export function showReport(report: Report): ShownReport {
  const tables: ShownTable[] = [
    { id: 'status', title: 'By status', rows: protectRows(report.byStatus, report.total) },
    { id: 'kind', title: 'By kind', rows: protectRows(report.byKind, report.total) },
    { id: 'place', title: 'By place', rows: protectRows(report.byPlace, report.total) },
    { id: 'prompt', title: 'By question', rows: protectRows(report.byPrompt, report.total) },
  ];
  const publishedShown = tables[0]!.rows.find((r) => r.key === 'published');
  let sharePublished: string;
  if (report.total === 0) sharePublished = 'Nothing arrived';
  else if (!publishedShown?.exact || shownCount(report.total) !== String(report.total)) sharePublished = 'Not shown: too few to show safely';
  else sharePublished = `${Math.round((100 * report.published) / report.total)}%`;
  let medianText: string;
  if (report.medianHours === null) medianText = 'No decisions yet';
  else if (report.decided < MIN_FOR_MEDIAN) medianText = `Not shown: fewer than ${MIN_FOR_MEDIAN} decisions`;
  else medianText = formatHours(report.medianHours);
  return { period: report.period, total: shownCount(report.total), tables, urgent: shownCount(report.urgent), median: medianText, sharePublished };
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The same table as the page, one line per number. */
export function reportCsv(shown: ShownReport, scopeLabel: string): string {
  const lines: string[][] = [
    ['Section', 'Item', 'Value'],
    ['Report', 'Scope', scopeLabel],
    ['Report', 'Period', `${shown.period.label} (${shown.period.first} to ${shown.period.last})`],
    ['Total', 'Submissions', shown.total],
    ...shown.tables.flatMap((table) => table.rows.map((row) => [table.title.replace(/^By /, '').replace(/^./, (c) => c.toUpperCase()), row.label, row.shown])),
    ['Urgent', 'Marked urgent', shown.urgent],
    ['Decisions', 'Median time from arrival to first decision', shown.median],
    ['Published', 'Share published', shown.sharePublished],
  ];
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
