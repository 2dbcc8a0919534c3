import { getCollection } from 'astro:content';

/** Who a prompt is for, in words: a place's name, or the whole network for null. */
export async function promptAudience(): Promise<(place: string | null) => string> {
  const names = new Map((await getCollection('places')).map((entry) => [entry.id, entry.data.name]));
  return (place) => (place === null ? 'young people everywhere we work' : `young people in ${names.get(place) ?? place}`);
}
