import { getCollection, type CollectionEntry } from 'astro:content';

export type YouSaidWeDidEntry = CollectionEntry<'youSaidWeDid'>;

/** Every "You said, we did" entry, newest first. */
export async function getYouSaidWeDid(): Promise<YouSaidWeDidEntry[]> {
  return (await getCollection('youSaidWeDid')).sort(
    (a, b) => b.data.date.getTime() - a.data.date.getTime() || a.data.title.localeCompare(b.data.title),
  );
}
