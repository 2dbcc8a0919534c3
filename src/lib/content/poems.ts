import { getCollection, type CollectionEntry } from 'astro:content';

export type PoemEntry = CollectionEntry<'poems'>;

/** Every poem, newest first, then by title. */
export async function getPoems(): Promise<PoemEntry[]> {
  const poems = await getCollection('poems');
  return poems.sort(
    (a, b) => b.data.published.getTime() - a.data.published.getTime() || a.data.title.localeCompare(b.data.title),
  );
}

/** Poems grouped by their book or series, newest collection first. */
export function groupByCollection(poems: PoemEntry[]): [string, PoemEntry[]][] {
  const groups = new Map<string, PoemEntry[]>();
  for (const poem of poems) {
    const list = groups.get(poem.data.collection) ?? [];
    list.push(poem);
    groups.set(poem.data.collection, list);
  }
  return [...groups.entries()].sort(([a], [b]) => b.localeCompare(a, 'en', { numeric: true }));
}

/** The first two lines, for lists; a warned poem gets no excerpt at all. */
export function excerpt(poem: PoemEntry): string | null {
  if (poem.data.contentWarnings.length > 0) return null;
  const lines = (poem.body ?? '')
    .split('\n')
    .map((line) => line.replace(/\\$/, '').replace(/[*_#>]/g, '').trim())
    .filter(Boolean);
  return lines.slice(0, 2).join(' / ') || null;
}
