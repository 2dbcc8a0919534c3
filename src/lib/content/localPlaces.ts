import { parse } from 'yaml';
import raw from '../../../content/local-places.yaml?raw';

// Read at build time: the same list warns in the share form and flags for moderators.
const parsed = parse(raw) as { places?: unknown };
if (!Array.isArray(parsed.places) || !parsed.places.every((p) => typeof p === 'string')) {
  throw new Error('content/local-places.yaml: "places" must be a list of names');
}

/** Named local places that could identify a young person (content/local-places.yaml). */
export const LOCAL_PLACES: readonly string[] = parsed.places;
