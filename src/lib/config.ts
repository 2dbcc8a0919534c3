// What the service sets: content/site.yaml and content/places.yaml, read and checked once, for
// pages, actions, server.mjs, the command line and astro.config.mjs alike. Paths are from the
// project folder, where every npm script runs (as DATA_DIR's default is).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'astro/zod';
import { siteSchema, type Site } from '../schemas/site.ts';
import { placeSchema, type Place } from '../schemas/place.ts';

/** A YAML file checked against its schema; a bad one stops everything, naming the file and the field. */
function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(parse(readFileSync(resolve(file), 'utf8')));
  if (!result.success) throw new Error(`${file} is not valid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export const site: Site = readYaml('content/site.yaml', siteSchema);

/** Hubs and spokes in file order. */
export const places: readonly Place[] = readYaml('content/places.yaml', z.array(placeSchema));

export interface Hub extends Place {
  spokes: Place[];
}

/** Hubs in file order, each with its spokes. */
export const hubs: readonly Hub[] = places
  .filter((place) => place.kind === 'hub')
  .map((hub) => ({ ...hub, spokes: places.filter((place) => place.hub === hub.id) }));

/** Every place as a list to choose from: each hub, then its spokes. */
export const placesByHub: readonly Place[] = hubs.flatMap((hub) => [hub, ...hub.spokes]);

export const placeIds: readonly string[] = places.map((place) => place.id);

// Ids go in URLs and the store, and a spoke without its hub would vanish from every list.
for (const [i, place] of places.entries()) {
  if (placeIds.indexOf(place.id) !== i) throw new Error(`content/places.yaml: the id "${place.id}" is used twice`);
  if (place.hub !== undefined && !hubs.some((hub) => hub.id === place.hub)) {
    throw new Error(`content/places.yaml: ${place.id}'s hub "${place.hub}" is not a hub in the file`);
  }
}
if (!hubs.some((hub) => hub.id === site.defaultHub)) throw new Error(`content/site.yaml: defaultHub "${site.defaultHub}" is not a hub in content/places.yaml`);

const names = new Map(places.map((place) => [place.id, place.name]));

/** A place's name for showing; an id no longer in places.yaml as it is; null (none given) as "Not given". */
export function placeName(id: string | null): string {
  return id === null ? 'Not given' : names.get(id) ?? id;
}
