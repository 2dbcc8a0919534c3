import { describe, expect, it } from 'vitest';
import { canSee, placesInScope, type ScopeFacilitator, type ScopePlace } from '../../src/lib/scope.ts';
import { readPlaces } from '../e2e/support/content.ts';

// The real content/places.yaml: Sheffield (hub, default) with spokes Barnsley and Doncaster;
// Derby and Cambridgeshire are hubs with no spokes.
const places: ScopePlace[] = readPlaces();
const DEFAULT_HUB = 'sheffield';

const roles: Record<string, ScopeFacilitator> = {
  admin: { role: 'admin', place: null },
  'sheffield (hub, default)': { role: 'facilitator', place: 'sheffield' },
  'barnsley (spoke)': { role: 'facilitator', place: 'barnsley' },
  'derby (hub)': { role: 'facilitator', place: 'derby' },
};

const Y = true;
const n = false;
// prettier-ignore
const expected: Record<string, [string | null, boolean][]> = {
  //                            sheffield          barnsley          doncaster          derby          cambridgeshire          no place
  admin:                      [['sheffield', Y], ['barnsley', Y], ['doncaster', Y], ['derby', Y], ['cambridgeshire', Y], [null, Y]],
  'sheffield (hub, default)': [['sheffield', Y], ['barnsley', Y], ['doncaster', Y], ['derby', n], ['cambridgeshire', n], [null, Y]],
  'barnsley (spoke)':         [['sheffield', n], ['barnsley', Y], ['doncaster', n], ['derby', n], ['cambridgeshire', n], [null, n]],
  'derby (hub)':              [['sheffield', n], ['barnsley', n], ['doncaster', n], ['derby', Y], ['cambridgeshire', n], [null, n]],
};

describe('the scope matrix: every role against every place', () => {
  it('covers every place in places.yaml and no place', () => {
    for (const row of Object.values(expected)) expect(row.map(([p]) => p)).toEqual([...places.map((p) => p.id), null]);
  });

  for (const [role, row] of Object.entries(expected)) {
    for (const [place, sees] of row) {
      it(`${role} ${sees ? 'sees' : 'does not see'} ${place ?? 'a submission with no place'}`, () => {
        expect(canSee(roles[role]!, place, places, DEFAULT_HUB)).toBe(sees);
      });
    }
  }
});

describe('placesInScope', () => {
  it('is null ("every place") for an admin, with or without a place of their own', () => {
    expect(placesInScope({ role: 'admin', place: null }, places, DEFAULT_HUB)).toBeNull();
    expect(placesInScope({ role: 'admin', place: 'derby' }, places, DEFAULT_HUB)).toBeNull();
  });

  it('is the exact set for facilitators', () => {
    expect(placesInScope(roles['sheffield (hub, default)']!, places, DEFAULT_HUB)).toEqual(new Set(['sheffield', 'barnsley', 'doncaster', null]));
    expect(placesInScope(roles['barnsley (spoke)']!, places, DEFAULT_HUB)).toEqual(new Set(['barnsley']));
    expect(placesInScope(roles['derby (hub)']!, places, DEFAULT_HUB)).toEqual(new Set(['derby']));
  });

  it('gives no-place submissions to the default hub itself, not to its spokes', () => {
    expect(canSee(roles['derby (hub)']!, null, places, 'derby')).toBe(true);
    expect(canSee(roles['sheffield (hub, default)']!, null, places, 'derby')).toBe(false);
    expect(canSee(roles['barnsley (spoke)']!, null, places, 'barnsley')).toBe(true);
    expect(canSee({ role: 'facilitator', place: 'doncaster' }, null, places, DEFAULT_HUB)).toBe(false);
  });

  it('gives a facilitator with no place nothing, and one whose place left places.yaml only that id', () => {
    expect(placesInScope({ role: 'facilitator', place: null }, places, DEFAULT_HUB)).toEqual(new Set());
    expect(placesInScope({ role: 'facilitator', place: 'rotherham' }, places, DEFAULT_HUB)).toEqual(new Set(['rotherham']));
  });
});
