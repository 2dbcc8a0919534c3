import type { InScope } from '../../../src/lib/scope.ts';

/** A scope of just these places (null in the list: no place given); every place for null. */
export function inScope(places: readonly (string | null)[] | null): InScope {
  const set = places === null ? null : new Set(places);
  return Object.assign((place: string | null) => set === null || set.has(place), { places: set });
}
