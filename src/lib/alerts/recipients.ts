// Who an alert goes to. Digests and urgent alerts: every active facilitator whose scope includes
// the place (scope.ts), admins too. Reminders: first the place's team (whose own place it is; for
// no place given, the default hub's), then everyone else in scope: the hub's facilitators and admins.
import type { FacilitatorAccount } from '../accounts/facilitators.ts';
import { scopeOf, type ScopePlace } from '../scope.ts';

export interface Places {
  places: readonly ScopePlace[];
  defaultHub: string;
}

const active = (facilitators: readonly FacilitatorAccount[]) => facilitators.filter((f) => !f.disabled);

export function inScopeOf(place: string | null, facilitators: readonly FacilitatorAccount[], { places, defaultHub }: Places): FacilitatorAccount[] {
  return active(facilitators).filter((f) => scopeOf(f, places, defaultHub)(place));
}

export function teamOf(place: string | null, facilitators: readonly FacilitatorAccount[], { defaultHub }: Places): FacilitatorAccount[] {
  const own = place ?? defaultHub;
  return active(facilitators).filter((f) => f.role === 'facilitator' && f.place === own);
}

export function escalationOf(place: string | null, facilitators: readonly FacilitatorAccount[], places: Places): FacilitatorAccount[] {
  const team = new Set(teamOf(place, facilitators, places).map((f) => f.id));
  return inScopeOf(place, facilitators, places).filter((f) => !team.has(f.id));
}
