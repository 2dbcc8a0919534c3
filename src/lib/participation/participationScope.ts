// Which prompts and workshop codes a facilitator may see and change (issue 6). The same rules as
// moderation (scope.ts): a spoke facilitator their spoke, a hub facilitator their hub and its
// spokes, an admin everything. Prompts to the whole network are for admins to run, and a hub's
// prompts for the hub's facilitators; those who get answers to them (everyone, or the hub's
// spokes) can see them, but not change them. Pure, so it is unit-tested.
import { placesInScope, type ScopeFacilitator, type ScopePlace } from '../scope.ts';
import type { Prompt, WorkshopCode } from '../store/store.ts';

export interface ParticipationScope {
  admin: boolean;
  /** The hubs and spokes this facilitator works for: every place for an admin. */
  places: ReadonlySet<string>;
  /** Places whose prompts reach them: their own, and the hub of a spoke among them. */
  reachedBy: ReadonlySet<string>;
}

export function participationScope(facilitator: ScopeFacilitator, places: readonly ScopePlace[], defaultHub: string): ParticipationScope {
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

/** True when place is target itself or one of target's spokes. */
export function placeWithin(place: string, target: string, places: readonly ScopePlace[]): boolean {
  return place === target || places.find((p) => p.id === place)?.hub === target;
}

/** Whether an answer from place (a hub or spoke) belongs to this prompt's audience. */
export const promptReaches = (prompt: Pick<Prompt, 'place'>, place: string, places: readonly ScopePlace[]): boolean =>
  prompt.place === null || placeWithin(place, prompt.place, places);
