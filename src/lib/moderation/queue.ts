// The moderation queue and what is published. Scope is passed in, so every read is filtered by it:
// an item outside it does not exist for that facilitator. The store answers each page with a query.
import type { PublishedItem, QueuePage, Store } from '../store/store.ts';
import type { InScope } from '../scope.ts';
import type { Submission, SubmissionKind, SubmissionStatus } from '../sharing/submission.ts';

const PAGE_SIZE = 50;
/** Items waiting longer than this stand out in the queue. */
export const STALE_HOURS = 48;

export interface QueueFilters {
  status: SubmissionStatus | 'all';
  kind?: SubmissionKind | undefined;
  /** A place id, or 'none' for submissions with no place. */
  place?: string | undefined;
  prompt?: string | undefined;
  /** Only items with an open request for a second opinion. */
  secondOpinion?: boolean | undefined;
}

/** A page of the queue (urgent first, then oldest first), with counts by status within scope. */
export async function queue(store: Store, inScope: InScope, filters: QueueFilters, page = 1): Promise<QueuePage & { page: number; pages: number }> {
  const query = {
    scope: inScope.places,
    status: filters.status,
    kind: filters.kind,
    place: filters.place === 'none' ? null : filters.place || undefined,
    promptId: filters.prompt || undefined,
    secondOpinion: filters.secondOpinion,
    limit: PAGE_SIZE,
  };
  const wanted = Math.max(1, page);
  let result = await store.submissions.queue({ ...query, offset: (wanted - 1) * PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  // A page past the end (a link from before items were decided) shows the last page.
  if (wanted > pages) result = await store.submissions.queue({ ...query, offset: (pages - 1) * PAGE_SIZE });
  return { ...result, page: Math.min(wanted, pages), pages };
}

/** The item, or null when it doesn't exist or is outside the facilitator's scope (both are a 404). */
export async function itemFor(store: Store, inScope: InScope, id: string): Promise<Submission | null> {
  const item = id ? await store.submissions.get(id) : null;
  return item && inScope(item.place) ? item : null;
}

export function hoursWaiting(item: Submission, now = Date.now()): number {
  return (now - Date.parse(item.createdAt)) / 3_600_000;
}

/** A page of published words, newest first, and how many pages there are. */
export async function publishedPage(store: Store, page: number, perPage: number): Promise<{ items: PublishedItem[]; page: number; pages: number }> {
  const wanted = Math.max(1, page);
  let result = await store.submissions.published((wanted - 1) * perPage, perPage);
  const pages = Math.max(1, Math.ceil(result.total / perPage));
  if (wanted > pages) result = await store.submissions.published((pages - 1) * perPage, perPage);
  return { items: result.items, page: Math.min(wanted, pages), pages };
}
