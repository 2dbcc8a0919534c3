import { getCollection, type CollectionEntry } from 'astro:content';

export type FilmEntry = CollectionEntry<'films'>;

/** Every film, newest first. */
export async function getFilms(): Promise<FilmEntry[]> {
  return (await getCollection('films')).sort((a, b) => b.data.published.getTime() - a.data.published.getTime());
}

/** "28 seconds", "2 minutes 5 seconds": read aloud well by screen readers. */
export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  return [m ? part(m, 'minute') : '', s || !m ? part(s, 'second') : ''].filter(Boolean).join(' ');
}
