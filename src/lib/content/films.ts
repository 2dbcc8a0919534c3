import { getCollection, type CollectionEntry } from 'astro:content';

export type FilmEntry = CollectionEntry<'films'>;

/** Every film, newest first. */
export async function getFilms(): Promise<FilmEntry[]> {
  return (await getCollection('films')).sort((a, b) => b.data.published.getTime() - a.data.published.getTime());
}

/** "28 seconds", "2 minutes, 5 seconds" in a language: read aloud well by screen readers. */
export function formatDuration(seconds: number, tag = 'en-GB'): string {
  const duration = new Intl.DurationFormat(tag, { style: 'long', numberingSystem: 'latn' });
  return duration.format({ minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
}
