import { getCollection, type CollectionEntry } from 'astro:content';
import { RESOURCE_AUDIENCES, RESOURCE_TOPICS, type ResourceAudience, type ResourceTopic } from '../../schemas/resource';
import { BUILT_AT } from '../dates';

export type ResourceEntry = CollectionEntry<'resources'>;

/** Every resource, A to Z by title: a professional scanning for one finds it where they expect. */
export async function getResources(): Promise<ResourceEntry[]> {
  return (await getCollection('resources')).sort((a, b) => a.data.title.localeCompare(b.data.title, 'en-GB'));
}

/** True when the resource's review date had passed when the site was built. */
export const isReviewOverdue = (resource: ResourceEntry, now: Date = BUILT_AT) =>
  resource.data.reviewDue.getTime() <= now.getTime();

/** Audiences that at least one resource is for, in the vocabulary's order. */
export function usedAudiences(resources: ResourceEntry[]): ResourceAudience[] {
  const used = new Set(resources.flatMap((r) => r.data.audience));
  return (Object.keys(RESOURCE_AUDIENCES) as ResourceAudience[]).filter((a) => used.has(a));
}

/** Topics that at least one resource has, in the vocabulary's order, so no filter page is empty. */
export function usedTopics(resources: ResourceEntry[]): ResourceTopic[] {
  const used = new Set(resources.flatMap((r) => r.data.topics));
  return (Object.keys(RESOURCE_TOPICS) as ResourceTopic[]).filter((t) => used.has(t));
}

/** "Parents and carers, professionals": the audience list read as a sentence. */
export function audienceText(audience: readonly ResourceAudience[]): string {
  const text = audience.map((a) => RESOURCE_AUDIENCES[a].toLowerCase()).join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
