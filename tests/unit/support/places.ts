import { participationScopeOf } from '../../../src/lib/scope.ts';

/** A hub with two spokes, and another hub: the places the participation tests work in. */
export const PLACES = [
  { id: 'sheffield', kind: 'hub' as const },
  { id: 'barnsley', kind: 'spoke' as const, hub: 'sheffield' },
  { id: 'doncaster', kind: 'spoke' as const, hub: 'sheffield' },
  { id: 'derby', kind: 'hub' as const },
];

/** What a facilitator (or admin) of a place may see and change among PLACES; the default hub is Sheffield. */
export const scopeOf = (role: 'admin' | 'facilitator', place: string | null) => participationScopeOf({ role, place }, PLACES, 'sheffield');
