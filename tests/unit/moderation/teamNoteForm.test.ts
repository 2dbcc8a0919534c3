// The item page's team form: a note, or a note that asks for a second opinion.
import { describe, expect, it } from 'vitest';
import { teamNoteForm } from '../../../src/lib/moderation/teamNoteForm.ts';
import { MAX_NOTE } from '../../../src/lib/moderation/notes.ts';
import { checkValues, errorLinks, type Typed } from '../../../src/lib/forms.ts';

const form = (overrides: Partial<Typed<typeof teamNoteForm>> = {}): Typed<typeof teamNoteForm> => ({ id: 'item-1', note: 'Rang the duty worker', intent: 'note', ...overrides });

describe('a team note', () => {
  it('gives the note as typed and which button was pressed (notes.ts trims it)', () => {
    expect(checkValues(teamNoteForm, form({ note: ' Check the street\r\nname ', intent: 'second-opinion' }))).toMatchObject({
      ok: true, data: { id: 'item-1', note: ' Check the street\r\nname ', intent: 'second-opinion' },
    });
    expect(checkValues(teamNoteForm, form({ note: 'x'.repeat(MAX_NOTE) })).ok).toBe(true);
  });

  it.each([
    [{ note: '' }, 'note', 'Enter a note'],
    [{ note: ' \n ' }, 'note', 'Enter a note'],
    [{ note: 'x'.repeat(MAX_NOTE + 1) }, 'note', `The note must be ${MAX_NOTE} characters or fewer`],
    [{ intent: '' }, 'intent', 'Choose to add a note or to ask for a second opinion'],
    [{ intent: 'decide' }, 'intent', 'Choose to add a note or to ask for a second opinion'],
  ])('refuses %j', (change, field, message) => {
    const checked = checkValues(teamNoteForm, form(change));
    expect(checked).toMatchObject({ ok: false, errors: { [field]: message } });
    expect(!checked.ok && errorLinks(teamNoteForm, checked.errors)).toEqual([{ href: `#${field}`, message }]);
  });
});
