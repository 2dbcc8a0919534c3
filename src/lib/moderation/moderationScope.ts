import { getCollection } from 'astro:content';
import { getSite } from '../content/siteCollections';
import { canSee } from '../scope';
import type { InScope } from './queue';

type Facilitator = NonNullable<App.Locals['facilitator']>;

/** The places a facilitator may see, as the predicate every moderation read and change uses. */
export async function scopeOf(facilitator: Facilitator): Promise<InScope> {
  const places = (await getCollection('places')).map((entry) => entry.data);
  const { defaultHub } = await getSite();
  return (place) => canSee(facilitator, place, places, defaultHub);
}

/** Place names by id, for showing; null is "Not given". */
export async function placeNames(): Promise<(id: string | null) => string> {
  const names = new Map((await getCollection('places')).map((entry) => [entry.id, entry.data.name]));
  return (id) => (id === null ? 'Not given' : names.get(id) ?? id);
}
