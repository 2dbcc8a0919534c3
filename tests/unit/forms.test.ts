// The one way forms are read (src/lib/forms.ts): what was typed always comes back, with the checked
// data or one message per field, and the error summary links in the order of the form.
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { checkValues, errorLinks, readForm, recordForm, typedValues } from '../../src/lib/forms.ts';

const schema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(5, 'Too long'),
  tags: z.array(z.enum(['a', 'b'], { error: 'Choose tags from the list' })),
  picked: z.array(z.string()).transform((ids) => [...new Set(ids)]),
  maybe: z.array(z.string()).optional(),
  secret: z.string().min(3, 'Too short'),
});

function form(entries: [string, string | Blob][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe('typedValues', () => {
  it('gives each field as sent, spaces and line breaks included, and every value of a field that takes several', () => {
    const typed = typedValues(schema, form([['name', '  Ann\r\n '], ['tags', 'a'], ['tags', 'zz'], ['picked', 'x'], ['picked', 'x'], ['maybe', 'm'], ['secret', 's'], ['other', 'ignored']]));
    expect(typed).toEqual({ name: '  Ann\r\n ', tags: ['a', 'zz'], picked: ['x', 'x'], maybe: ['m'], secret: 's' });
  });

  it('gives an empty string or list for a field not sent, and never a file', () => {
    expect(typedValues(schema, new FormData())).toEqual({ name: '', tags: [], picked: [], maybe: [], secret: '' });
    const withFiles = form([['name', new Blob(['secret words'])], ['tags', new Blob(['a'])], ['tags', 'b']]);
    expect(typedValues(schema, withFiles)).toMatchObject({ name: '', tags: ['b'] });
  });
});

describe('checkValues', () => {
  it('gives the data the schema makes, with the values exactly as typed', () => {
    const values = { name: ' Ann ', tags: ['a'], picked: ['x', 'y', 'x'], maybe: [], secret: 'abc' };
    expect(checkValues(schema, values)).toEqual({ ok: true, values, data: { name: 'Ann', tags: ['a'], picked: ['x', 'y'], maybe: [], secret: 'abc' } });
  });

  it('gives the first problem with each field, keyed by its name, and keeps what was typed', () => {
    const values = { name: '', tags: ['a', 'zz', 'yy'], picked: [], maybe: [], secret: '' };
    expect(checkValues(schema, values)).toEqual({
      ok: false,
      values,
      errors: { name: 'Enter a name', tags: 'Choose tags from the list', secret: 'Too short' },
    });
  });
});

describe('readForm', () => {
  it('reads and checks a form; a field to forget is checked, then blanked in the values given back', () => {
    const sent = readForm(schema, form([['name', 'Ann'], ['secret', 'my password']]), { forget: ['secret'] });
    expect(sent).toEqual({ ok: true, values: { name: 'Ann', tags: [], picked: [], maybe: [], secret: '' }, data: expect.objectContaining({ secret: 'my password' }) });
    const refused = readForm(schema, form([['name', 'Annabel'], ['secret', 'ab']]), { forget: ['secret'] });
    expect(refused).toEqual({ ok: false, values: { name: 'Annabel', tags: [], picked: [], maybe: [], secret: '' }, errors: { name: 'Too long', secret: 'Too short' } });
  });

  it('reads a form that names one record', () => {
    expect(readForm(recordForm, form([['id', 'abc'], ['csrf', 'token']]))).toEqual({ ok: true, values: { id: 'abc' }, data: { id: 'abc' } });
  });
});

describe('errorLinks', () => {
  it('links each problem to its field, in the order of the schema (the page), whatever order the errors came in', () => {
    expect(errorLinks(schema, { secret: 'Too short', name: 'Enter a name' })).toEqual([
      { href: '#name', message: 'Enter a name' },
      { href: '#secret', message: 'Too short' },
    ]);
  });

  it('puts a form’s id prefix before each field, for a page with several forms', () => {
    expect(errorLinks(schema, { tags: 'Choose tags from the list' }, 'add-')).toEqual([{ href: '#add-tags', message: 'Choose tags from the list' }]);
    expect(errorLinks(schema, {})).toEqual([]);
  });
});
