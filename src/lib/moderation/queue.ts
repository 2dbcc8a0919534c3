// The moderation queue and what is published. Scope is passed in as a predicate so every read is
// filtered by it: an item outside it does not exist for that facilitator.
import type { Store } from '../store/store.ts';
import type { InScope } from '../scope.ts';
import { SUBMISSION_STATUSES, type Submission, type SubmissionKind, type SubmissionStatus } from '../sharing/submission.ts';

const PAGE_SIZE = 50;
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
const zeroCounts = () => Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** The queue's order (urgent first, then oldest first), split by status, with counts per place. */
const queueIndex = cachedView((store) => {
  const sorted = store.read((data) => [...data.submissions]).sort((a, b) => Number(b.urgent) - Number(a.urgent) || byTime(a.createdAt, b.createdAt));
  const byStatus = new Map<SubmissionStatus, Submission[]>(SUBMISSION_STATUSES.map((s) => [s, []]));
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
    for (const status of SUBMISSION_STATUSES) counts[status] += placeCounts[status];
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

/** Published words, newest first. */
export const publishedSubmissions = cachedView((store) =>
  store
    .read((data) => data.submissions.filter((s) => s.status === 'published' && s.published))
    .sort((a, b) => byTime(b.published!.at, a.published!.at)),
);
