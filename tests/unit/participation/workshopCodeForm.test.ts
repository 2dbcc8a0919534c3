// The new-code form's rules, from what a facilitator chose.
import { describe, expect, it } from 'vitest';
import { newCodeForm } from '../../../src/lib/participation/workshopCodeForm.ts';
import { checkValues } from '../../../src/lib/forms.ts';
import { scopeOf } from '../support/places';

const check = (scope: ReturnType<typeof scopeOf>, place: string, hours: string, prompt = '') => checkValues(newCodeForm(scope), { place, prompt, hours });

describe('a new workshop code', () => {
  it('is for a place in the facilitator’s scope, for one of the lifetimes offered, with or without a question', () => {
    expect(check(scopeOf('facilitator', 'barnsley'), 'barnsley', '12')).toMatchObject({ ok: true, data: { place: 'barnsley', prompt: null, hours: 12 } });
    expect(check(scopeOf('facilitator', 'sheffield'), 'doncaster', '1', 'p1')).toMatchObject({ ok: true, data: { place: 'doncaster', prompt: 'p1', hours: 1 } });
    expect(check(scopeOf('facilitator', 'barnsley'), 'doncaster', '2')).toMatchObject({ ok: false, errors: { place: 'Choose the hub or spoke the answers go to' } });
    expect(check(scopeOf('facilitator', 'barnsley'), '', '2')).toMatchObject({ ok: false, errors: { place: 'Choose the hub or spoke the answers go to' } });
  });

  it.each(['13', '24', '0', '1.5', '', 'all day'])('refuses a lifetime of %j hours', (hours) => {
    expect(check(scopeOf('admin', null), 'barnsley', hours)).toEqual({
      ok: false,
      values: { place: 'barnsley', prompt: '', hours },
      errors: { hours: 'Choose how long the code works: at most 12 hours' },
    });
  });
});
