import { getCollection } from 'astro:content';
import { getHubs, getSite } from '../content/siteCollections';
import { participationScope, type ParticipationScope } from './participationScope';
import type { ScopePlace } from '../scope';

type Facilitator = NonNullable<App.Locals['facilitator']>;

/** Hubs and spokes as the scope rules need them. */
export async function scopePlaces(): Promise<ScopePlace[]> {
  return (await getCollection('places')).map((entry) => entry.data);
}

/** Which prompts and workshop codes a facilitator may see and change. */
export async function participationScopeOf(facilitator: Facilitator): Promise<ParticipationScope> {
  return participationScope(facilitator, await scopePlaces(), (await getSite()).defaultHub);
}

/** Hubs and spokes as a list to choose from: each hub, then its spokes. */
export async function placeChoices(): Promise<{ id: string; name: string; kind: 'hub' | 'spoke' }[]> {
  return (await getHubs()).flatMap((hub) => [hub, ...hub.spokes]).map(({ id, name, kind }) => ({ id, name, kind }));
}
