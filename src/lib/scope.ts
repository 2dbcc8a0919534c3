// Which places' submissions a facilitator may see (issue 5, scope). Pure: no Astro, no store,
// so the whole matrix is unit-tested.

export interface ScopePlace {
  id: string;
  kind: 'hub' | 'spoke';
  /** For a spoke: its hub's id. */
  hub?: string | undefined;
}

export interface ScopeFacilitator {
  role: 'admin' | 'facilitator';
  place: string | null;
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
export function placesInScope(
  facilitator: ScopeFacilitator,
  places: readonly ScopePlace[],
  defaultHub: string,
): Set<string | null> | null {
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

/** Whether a facilitator may see (and act on) a submission from submissionPlace (null: none given). */
export function canSee(
  facilitator: ScopeFacilitator,
  submissionPlace: string | null,
  places: readonly ScopePlace[],
  defaultHub: string,
): boolean {
  const scope = placesInScope(facilitator, places, defaultHub);
  return scope === null || scope.has(submissionPlace);
}
