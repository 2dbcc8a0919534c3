import { getCollection } from 'astro:content';
import { getSite } from '../content/site';
import { participationScope, type ParticipationScope } from '../server/participationScope';
import type { ScopePlace } from '../server/scope';

type Facilitator = NonNullable<App.Locals['facilitator']>;

/** Hubs and spokes as the scope rules need them. */
export async function scopePlaces(): Promise<ScopePlace[]> {
  return (await getCollection('places')).map((entry) => entry.data);
}

/** Which prompts and workshop codes a facilitator may see and change. */
export async function participationScopeOf(facilitator: Facilitator): Promise<ParticipationScope> {
  return participationScope(facilitator, await scopePlaces(), (await getSite()).defaultHub);
}
