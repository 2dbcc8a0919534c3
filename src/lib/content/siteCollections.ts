import { getCollection, getEntry } from 'astro:content';
import type { Site } from '../../schemas/site';
import type { Place } from '../../schemas/place';

/** The settings in content/site.yaml. */
export async function getSite(): Promise<Site> {
  const entry = await getEntry('site', 'site');
  if (!entry) throw new Error('content/site.yaml is missing');
  return entry.data;
}

export interface Hub extends Place {
  spokes: Place[];
}

/** Hubs in file order, each with its spokes. */
export async function getHubs(): Promise<Hub[]> {
  const places = (await getCollection('places')).map((entry) => entry.data);
  return places
    .filter((place) => place.kind === 'hub')
    .map((hub) => ({ ...hub, spokes: places.filter((place) => place.hub === hub.id) }));
}
