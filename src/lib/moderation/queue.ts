// The moderation queue and decisions. Scope is passed in as a predicate so every read and every
// change is filtered by it: an item outside it does not exist for that facilitator.
import type { Store, Submission, SubmissionKind, SubmissionStatus, VoicesData } from '../store/store.ts';
import { recordAudit } from './audit.ts';
import { MAX_BODY, MAX_PEN_NAME, MAX_TITLE } from '../sharing/shareForm.ts';
import { isContentWarning } from '../safeguarding/contentWarnings.ts';

export type InScope = (place: string | null) => boolean;

export const STATUSES: SubmissionStatus[] = ['pending', 'read', 'published', 'declined', 'concern', 'withdrawn'];
export const PAGE_SIZE = 50;
/** Items waiting longer than this stand out in the queue. */
export const STALE_HOURS = 48;

export interface QueueFilters {
  status: SubmissionStatus | 'all';
  kind?: SubmissionKind | undefined;
  /** A place id, or 'none' for submissions with no place. */
  place?: string | undefined;
  prompt?: string | undefined;
}

/** A view derived from the store, worked out again only when the store has changed. */
function cachedView<T>(build: (store: Store) => T) {
  const cache = new WeakMap<Store, { version: number; view: T }>();
  return (store: Store): T => {
    let hit = cache.get(store);
    if (hit?.version !== store.version) {
      hit = { version: store.version, view: build(store) };
      cache.set(store, hit);
    }
    return hit.view;
  };
}

// ISO times in one format sort as plain strings; localeCompare is far slower and means the same.
const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type StatusCounts = Record<SubmissionStatus, number>;
const zeroCounts = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/** The queue's order (urgent first, then oldest first), split by status, with counts per place. */
const queueIndex = cachedView((store) => {
  const sorted = store.read((data) => [...data.submissions]).sort((a, b) => Number(b.urgent) - Number(a.urgent) || byTime(a.createdAt, b.createdAt));
  const byStatus = new Map<SubmissionStatus, Submission[]>(STATUSES.map((s) => [s, []]));
  const countsByPlace = new Map<string | null, StatusCounts>();
  for (const item of sorted) {
    byStatus.get(item.status)?.push(item);
    let counts = countsByPlace.get(item.place);
    if (!counts) countsByPlace.set(item.place, (counts = zeroCounts()));
    counts[item.status]++;
  }
  return { sorted, byStatus, countsByPlace };
});

export function queue(store: Store, inScope: InScope, filters: QueueFilters, page = 1) {
  const index = queueIndex(store);
  // A handful of places: ask the scope once per place, not once per item.
  const allowed = new Map<string | null, boolean>();
  const visible = (place: string | null) => {
    let ok = allowed.get(place);
    if (ok === undefined) allowed.set(place, (ok = inScope(place)));
    return ok;
  };
  const counts = zeroCounts();
  for (const [place, placeCounts] of index.countsByPlace) {
    if (!visible(place)) continue;
    for (const status of STATUSES) counts[status] += placeCounts[status];
  }
  const wantedPlace = filters.place === 'none' ? null : filters.place;
  const matching = (filters.status === 'all' ? index.sorted : index.byStatus.get(filters.status) ?? []).filter(
    (item) =>
      visible(item.place) &&
      (!filters.kind || item.kind === filters.kind) &&
      (!filters.place || item.place === wantedPlace) &&
      (!filters.prompt || item.promptId === filters.prompt),
  );
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  return { items: matching.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), total: matching.length, counts, page: current, pages };
}

/** The item, or null when it doesn't exist or is outside the facilitator's scope (both are a 404). */
export function itemFor(store: Store, inScope: InScope, id: string): Submission | null {
  const item = store.findSubmission(id);
  return item && inScope(item.place) ? item : null;
}

export function hoursWaiting(item: Submission, now = Date.now()): number {
  return (now - Date.parse(item.createdAt)) / 3_600_000;
}

export type Decision = 'publish' | 'mark-read' | 'decline' | 'concern' | 'delete';
export const DECISIONS: Decision[] = ['publish', 'mark-read', 'decline', 'concern', 'delete'];

export interface DecisionFields {
  title: string;
  body: string;
  penName: string;
  warnings: string[];
  message: string;
}

export type DecisionErrors = Partial<Record<'body' | 'title' | 'penName' | 'warnings' | 'message' | 'decision', string>>;
export const MAX_MESSAGE = 2000;

function check(item: Submission, decision: Decision, fields: DecisionFields): DecisionErrors {
  const errors: DecisionErrors = {};
  if (decision === 'publish') {
    if (!item.publish) errors.decision = 'The author asked for this to stay private, so it cannot be published';
    if (!fields.body.trim()) errors.body = 'Enter the text to publish';
    else if (fields.body.length > MAX_BODY) errors.body = `The text must be ${MAX_BODY.toLocaleString('en-GB')} characters or fewer`;
    if (fields.title.trim().length > MAX_TITLE) errors.title = `The title must be ${MAX_TITLE} characters or fewer`;
    if (fields.penName.trim().length > MAX_PEN_NAME) errors.penName = `The name to show must be ${MAX_PEN_NAME} characters or fewer`;
    if (!fields.warnings.every(isContentWarning)) errors.warnings = 'Choose content warnings from the list';
  }
  if (decision === 'mark-read' && item.publish) errors.decision = 'The author said yes to publishing: publish or decline it';
  if (fields.message.length > MAX_MESSAGE) errors.message = `The message must be ${MAX_MESSAGE.toLocaleString('en-GB')} characters or fewer`;
  if (item.status === 'withdrawn') errors.decision = 'The author has withdrawn this';
  return errors;
}

const optional = (text: string) => (text.trim() === '' ? null : text.trim());

/** Deletes the words someone wrote; the record keeps only what the receipt and reports need. */
export function eraseText(item: Submission): void {
  item.body = null;
  item.title = null;
  item.penName = null;
  item.flags = [];
}

export async function decide(
  store: Store,
  actor: string,
  inScope: InScope,
  id: string,
  decision: Decision,
  fields: DecisionFields,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; notFound: true } | { ok: false; errors: DecisionErrors }> {
  const item = itemFor(store, inScope, id);
  if (!item) return { ok: false, notFound: true };
  const errors = check(item, decision, fields);
  if (Object.keys(errors).length) return { ok: false, errors };
  await store.update((data: VoicesData) => {
    recordAudit(data, { actor, action: decision, target: item.id }, now);
    if (decision === 'delete') {
      data.submissions.splice(data.submissions.indexOf(item), 1);
      return;
    }
    item.decidedAt ??= new Date(now).toISOString();
    item.message = optional(fields.message);
    if (decision === 'publish') {
      item.published = {
        title: optional(fields.title),
        body: fields.body.replace(/\r\n/g, '\n'),
        penName: optional(fields.penName),
        warnings: fields.warnings,
        at: new Date(now).toISOString(),
      };
      item.status = 'published';
      // Only the redacted version is kept once it is published (data minimisation).
      eraseText(item);
    } else if (decision === 'mark-read') {
      item.status = 'read';
    } else if (decision === 'decline') {
      item.status = 'declined';
      eraseText(item);
    } else {
      item.status = 'concern';
    }
  });
  return { ok: true };
}

/** Published words, newest first. */
export const publishedSubmissions = cachedView((store) =>
  store
    .read((data) => data.submissions.filter((s) => s.status === 'published' && s.published))
    .sort((a, b) => byTime(b.published!.at, a.published!.at)),
);
