import { describe, expect, it } from 'vitest';
import { scopeOf, type ScopePlace } from '../../src/lib/scope.ts';
import type { Facilitator } from '../../src/lib/accounts/facilitators.ts';
import { readPlaces } from '../e2e/support/content.ts';

// The real content/places.yaml: Sheffield (hub, default) with spokes Barnsley and Doncaster;
// Derby and Cambridgeshire are hubs with no spokes.
const places: ScopePlace[] = readPlaces();
const DEFAULT_HUB = 'sheffield';
type Who = Pick<Facilitator, 'role' | 'place'>;

const roles: Record<string, Who> = {
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

/** Every place a predicate lets through, out of places.yaml, no place, and one id that is not there. */
const seen = (facilitator: Who, defaultHub = DEFAULT_HUB, also: string[] = []) => {
  const inScope = scopeOf(facilitator, places, defaultHub);
  return new Set([...places.map((p) => p.id), null, 'rotherham', ...also].filter((place) => inScope(place)));
};

describe('the scope matrix: every role against every place', () => {
  it('covers every place in places.yaml and no place', () => {
    for (const row of Object.values(expected)) expect(row.map(([p]) => p)).toEqual([...places.map((p) => p.id), null]);
  });

  for (const [role, row] of Object.entries(expected)) {
    for (const [place, sees] of row) {
      it(`${role} ${sees ? 'sees' : 'does not see'} ${place ?? 'a submission with no place'}`, () => {
        expect(scopeOf(roles[role]!, places, DEFAULT_HUB)(place)).toBe(sees);
      });
    }
  }

  it('uses content/places.yaml and its default hub when none are given', () => {
    for (const [role, row] of Object.entries(expected)) {
      const inScope = scopeOf(roles[role]!);
      for (const [place, sees] of row) expect(inScope(place), `${role}, ${place}`).toBe(sees);
    }
  });
});

describe('scopeOf', () => {
  it('lets an admin see every place (and none), with or without a place of their own', () => {
    expect(seen({ role: 'admin', place: null }, DEFAULT_HUB, ['anywhere'])).toEqual(new Set([...places.map((p) => p.id), null, 'rotherham', 'anywhere']));
    expect(seen({ role: 'admin', place: 'derby' }, DEFAULT_HUB, ['anywhere'])).toEqual(new Set([...places.map((p) => p.id), null, 'rotherham', 'anywhere']));
  });

  it('is the exact set for facilitators', () => {
    expect(seen(roles['sheffield (hub, default)']!)).toEqual(new Set(['sheffield', 'barnsley', 'doncaster', null]));
    expect(seen(roles['barnsley (spoke)']!)).toEqual(new Set(['barnsley']));
    expect(seen(roles['derby (hub)']!)).toEqual(new Set(['derby']));
  });

  it('gives no-place submissions to the default hub itself, not to its spokes', () => {
    expect(scopeOf(roles['derby (hub)']!, places, 'derby')(null)).toBe(true);
    expect(scopeOf(roles['sheffield (hub, default)']!, places, 'derby')(null)).toBe(false);
    expect(scopeOf(roles['barnsley (spoke)']!, places, 'barnsley')(null)).toBe(true);
    expect(scopeOf({ role: 'facilitator', place: 'doncaster' }, places, DEFAULT_HUB)(null)).toBe(false);
  });

  it('gives a facilitator with no place nothing, and one whose place left places.yaml only that id', () => {
    expect(seen({ role: 'facilitator', place: null })).toEqual(new Set());
    expect(seen({ role: 'facilitator', place: 'rotherham' })).toEqual(new Set(['rotherham']));
  });
});
