// What a facilitator may see and change: submissions by where they came from, prompts and
// workshop codes. A spoke's facilitator has their spoke, a hub's the hub and its spokes, an admin
// everything. Prompts to the whole network are for admins to run, and a hub's prompts for the
// hub's facilitators; those whose young people answer them (everyone, or the hub's spokes) can
// see them, but not change them. Places and the default hub come from config.ts unless passed in,
// as the tests do to check the whole matrix.
import { places as configPlaces, site } from './config.ts';
import type { Place } from '../schemas/place.ts';
import type { Facilitator } from './accounts/facilitators.ts';
import type { Prompt } from './participation/prompts.ts';
import type { WorkshopCode } from './participation/workshopCodes.ts';

export type ScopePlace = Pick<Place, 'id' | 'kind' | 'hub'>;
type Who = Pick<Facilitator, 'role' | 'place'>;

/**
 * Whether a submission from this place (null: none given) is in a facilitator's scope; `places`
 * says the same as a set the store can query by (null: every place).
 */
export interface InScope {
  (place: string | null): boolean;
  readonly places: ReadonlySet<string | null> | null;
}

/**
 * The submission places a facilitator sees, where null in the set stands for "no place given".
 * Returns null for an admin, meaning every place (and none). Any other result is exact:
 * - a spoke facilitator: their spoke;
 * - a hub facilitator: their hub and its spokes;
 * - plus null for facilitators whose own place is the default hub (never for its spokes);
 * - a facilitator with no place (refused when accounts are made): nothing;
 * - a place no longer in places.yaml: just that id, so it can be fixed without hiding anything more.
 */
function placesInScope(facilitator: Who, places: readonly ScopePlace[], defaultHub: string): Set<string | null> | null {
  if (facilitator.role === 'admin') return null;
  const own = facilitator.place;
  if (own === null) return new Set();
  const scope = new Set<string | null>([own]);
  if (places.find((p) => p.id === own)?.kind === 'hub') {
    for (const p of places) if (p.kind === 'spoke' && p.hub === own) scope.add(p.id);
  }
  if (own === defaultHub) scope.add(null);
  return scope;
}

/** The places a facilitator may see, as the predicate every moderation read and change uses. */
export function scopeOf(facilitator: Who, places: readonly ScopePlace[] = configPlaces, defaultHub = site.defaultHub): InScope {
  const scope = placesInScope(facilitator, places, defaultHub);
  return Object.assign((place: string | null) => scope === null || scope.has(place), { places: scope });
}

export interface ParticipationScope {
  admin: boolean;
  /** The hubs and spokes this facilitator works for: every place for an admin. */
  places: ReadonlySet<string>;
  /** Places whose prompts reach them: their own, and the hub of a spoke among them. */
  reachedBy: ReadonlySet<string>;
}

/** Which prompts and workshop codes a facilitator may see and change. */
export function participationScopeOf(facilitator: Who, places: readonly ScopePlace[] = configPlaces, defaultHub = site.defaultHub): ParticipationScope {
  const scope = placesInScope(facilitator, places, defaultHub);
  const all = new Set(places.map((p) => p.id));
  if (scope === null) return { admin: true, places: all, reachedBy: all };
  const own = new Set([...scope].filter((p): p is string => p !== null));
  const hubs = places.filter((p) => own.has(p.id) && p.hub !== undefined).map((p) => p.hub!);
  return { admin: false, places: own, reachedBy: new Set([...own, ...hubs]) };
}

/** Whether a facilitator may ask a prompt of this place (null: the whole network). */
export const canTargetPrompt = (scope: ParticipationScope, place: string | null): boolean =>
  place === null ? scope.admin : scope.places.has(place);

export const canViewPrompt = (scope: ParticipationScope, prompt: Pick<Prompt, 'place'>): boolean =>
  prompt.place === null || scope.reachedBy.has(prompt.place);

/** Close it, write its outcome. */
export const canManagePrompt = (scope: ParticipationScope, prompt: Pick<Prompt, 'place'>): boolean => canTargetPrompt(scope, prompt.place);

export const canManageCode = (scope: ParticipationScope, code: Pick<WorkshopCode, 'place'>): boolean => scope.places.has(code.place);

/** Whether an answer from place (a hub or spoke) belongs to this prompt's audience: the place itself or one of its spokes. */
export function promptReaches(prompt: Pick<Prompt, 'place'>, place: string, places: readonly ScopePlace[] = configPlaces): boolean {
  return prompt.place === null || place === prompt.place || places.find((p) => p.id === place)?.hub === prompt.place;
}
