import { getCollection, type CollectionEntry } from 'astro:content';

export type TrainingEntry = CollectionEntry<'training'>;

/** Every course, in the order set in its `order` field (the order people usually take them). */
export async function getTraining(): Promise<TrainingEntry[]> {
  return (await getCollection('training')).sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title));
}
