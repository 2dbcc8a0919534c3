import { describe, expect, it } from 'vitest';
import { CONTENT_WARNINGS } from '../../../src/lib/safeguarding/contentWarnings.ts';
import { MAX_BODY, MAX_PEN_NAME, MAX_TITLE, shareSchema, type ShareValues } from '../../../src/lib/sharing/shareForm.ts';
import { checkValues, typedValues } from '../../../src/lib/forms.ts';

const PLACES = ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire'];

const schema = shareSchema(PLACES);
const validateShare = (v: ShareValues) => checkValues(schema, v);
const readShareValues = (form: FormData) => typedValues(schema, form);

function values(overrides: Partial<ShareValues> = {}): ShareValues {
  return {
    kind: 'poem',
    body: 'The words I wrote\nline by line',
    title: '',
    penName: '',
    place: 'none',
    warnings: [],
    publish: 'yes',
    prompt: '',
    workshop: '',
    ...overrides,
  };
}

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

/** The errors, or fails the test if the values were accepted. */
function errorsOf(v: ShareValues) {
  const result = validateShare(v);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.data)}`);
  return result.errors;
}

function inputOf(v: ShareValues) {
  const result = validateShare(v);
  if (!result.ok) throw new Error(`expected no errors, got ${JSON.stringify(result.errors)}`);
  return result.data;
}

describe('the share form: good values', () => {
  it('accepts a full share and shapes it for the store', () => {
    const input = inputOf(
      values({
        kind: 'story',
        body: '  Once, I  \n',
        title: '  My title  ',
        penName: '  Blue Fox ',
        place: 'derby',
        warnings: ['violence', 'self-harm'],
        publish: 'yes',
      }),
    );
    expect(input).toEqual({
      workshop: '',
      kind: 'story',
      // The body is kept as typed (a poem's spacing matters); only the title and name are trimmed.
      body: '  Once, I  \n',
      title: 'My title',
      penName: 'Blue Fox',
      place: 'derby',
      warnings: ['violence', 'self-harm'],
      publish: true,
      prompt: '',
    });
  });

  it('treats an empty or blank title and pen name as not given', () => {
    expect(inputOf(values({ title: '', penName: '' }))).toMatchObject({ title: null, penName: null });
    expect(inputOf(values({ title: '   ', penName: '\t \n' }))).toMatchObject({ title: null, penName: null });
  });

  it("turns 'rather not say' into no place, and keeps a hub or spoke id", () => {
    expect(inputOf(values({ place: 'none' })).place).toBeNull();
    for (const place of PLACES) expect(inputOf(values({ place })).place).toBe(place);
  });

  it('turns publish yes/no into a boolean', () => {
    expect(inputOf(values({ publish: 'yes' })).publish).toBe(true);
    expect(inputOf(values({ publish: 'no' })).publish).toBe(false);
  });

  it('accepts every kind', () => {
    for (const kind of ['poem', 'story', 'view', 'question', 'other']) expect(inputOf(values({ kind })).kind).toBe(kind);
  });

  it('accepts no warnings, one, or the whole vocabulary', () => {
    expect(inputOf(values({ warnings: [] })).warnings).toEqual([]);
    expect(inputOf(values({ warnings: ['bullying'] })).warnings).toEqual(['bullying']);
    expect(inputOf(values({ warnings: [...CONTENT_WARNINGS] })).warnings).toEqual([...CONTENT_WARNINGS]);
  });

  it(`accepts a body of exactly ${MAX_BODY} characters, and a title and name at their limits`, () => {
    const input = inputOf(values({ body: 'a'.repeat(MAX_BODY), title: 't'.repeat(MAX_TITLE), penName: 'n'.repeat(MAX_PEN_NAME) }));
    expect(input.body).toHaveLength(8000);
    expect(input.title).toHaveLength(120);
    expect(input.penName).toHaveLength(60);
  });

  it('measures the title and name after trimming', () => {
    expect(inputOf(values({ title: `  ${'t'.repeat(MAX_TITLE)}  `, penName: ` ${'n'.repeat(MAX_PEN_NAME)} ` }))).toMatchObject({
      title: 't'.repeat(120),
      penName: 'n'.repeat(60),
    });
  });

  it('carries the prompt and workshop code as typed: they are looked up when the words arrive', () => {
    expect(inputOf(values({ prompt: 'anything', workshop: ' ab3-k7q ' }))).toMatchObject({ prompt: 'anything', workshop: ' ab3-k7q ' });
  });
});

// Errors are codes: each page says them in its language (src/i18n/strings/, share.errors).
describe('the share form: each error names its field and what is wrong', () => {
  it('missing kind', () => {
    expect(errorsOf(values({ kind: '' }))).toEqual({ kind: 'kind' });
  });

  it('unknown kind', () => {
    expect(errorsOf(values({ kind: 'essay' }))).toEqual({ kind: 'kind' });
  });

  it('empty body', () => {
    expect(errorsOf(values({ body: '' }))).toEqual({ body: 'body' });
  });

  it('a body of spaces and line breaks only', () => {
    expect(errorsOf(values({ body: '    ' }))).toEqual({ body: 'body' });
    expect(errorsOf(values({ body: ' \n\t\r\n ' }))).toEqual({ body: 'body' });
  });

  it(`a body of ${MAX_BODY + 1} characters`, () => {
    expect(errorsOf(values({ body: 'a'.repeat(MAX_BODY + 1) }))).toEqual({
      body: 'bodyTooLong',
    });
  });

  it('a body over the limit because of trailing spaces is still over the limit', () => {
    expect(errorsOf(values({ body: `${'a'.repeat(MAX_BODY)} ` }))).toEqual({
      body: 'bodyTooLong',
    });
  });

  it(`a title over ${MAX_TITLE} characters`, () => {
    expect(errorsOf(values({ title: 't'.repeat(MAX_TITLE + 1) }))).toEqual({
      title: 'titleTooLong',
    });
  });

  it(`a pen name over ${MAX_PEN_NAME} characters`, () => {
    expect(errorsOf(values({ penName: 'n'.repeat(MAX_PEN_NAME + 1) }))).toEqual({
      penName: 'penNameTooLong',
    });
  });

  it('an unknown place, or none chosen', () => {
    const message = 'place';
    expect(errorsOf(values({ place: 'london' }))).toEqual({ place: message });
    expect(errorsOf(values({ place: '' }))).toEqual({ place: message });
    expect(errorsOf(values({ place: 'Sheffield' }))).toEqual({ place: message });
  });

  it('an unknown warning, even next to good ones', () => {
    const message = 'warnings';
    expect(errorsOf(values({ warnings: ['spiders'] }))).toEqual({ warnings: message });
    expect(errorsOf(values({ warnings: ['violence', 'spiders'] }))).toEqual({ warnings: message });
  });

  it('missing or unknown publish', () => {
    const message = 'publish';
    expect(errorsOf(values({ publish: '' }))).toEqual({ publish: message });
    expect(errorsOf(values({ publish: 'maybe' }))).toEqual({ publish: message });
    expect(errorsOf(values({ publish: 'YES' }))).toEqual({ publish: message });
  });

  it('several errors at once, one message per field', () => {
    const errors = errorsOf(
      values({ kind: '', body: ' ', title: 't'.repeat(200), penName: 'n'.repeat(100), place: 'x', warnings: ['a', 'b'], publish: '' }),
    );
    expect(Object.keys(errors).sort()).toEqual(['body', 'kind', 'penName', 'place', 'publish', 'title', 'warnings']);
    expect(errors.warnings).toBe('warnings');
  });
});

describe('the share form as typed', () => {
  it('keeps the raw text exactly, spaces and line breaks included', () => {
    const body = '  first line  \r\n\n   indented\t\n  ';
    const v = readShareValues(
      form([
        ['kind', 'poem'],
        ['body', body],
        ['title', '  Title with spaces  '],
        ['penName', ' Name '],
        ['place', 'doncaster'],
        ['warnings', 'violence'],
        ['warnings', 'self-harm'],
        ['warnings', 'mental-health'],
        ['publish', 'no'],
        ['prompt', 'p1'],
        ['workshop', ' '],
      ]),
    );
    expect(v).toEqual({
      kind: 'poem',
      body,
      title: '  Title with spaces  ',
      penName: ' Name ',
      place: 'doncaster',
      warnings: ['violence', 'self-harm', 'mental-health'],
      publish: 'no',
      prompt: 'p1',
      workshop: ' ',
    });
  });

  it('gives empty strings and no warnings for a bare form', () => {
    expect(readShareValues(new FormData())).toEqual({
      kind: '',
      body: '',
      title: '',
      penName: '',
      place: '',
      warnings: [],
      publish: '',
      prompt: '',
      workshop: '',
    });
  });

  it('keeps unknown warnings so the error can be shown with them', () => {
    expect(readShareValues(form([['warnings', 'spiders']])).warnings).toEqual(['spiders']);
  });

  it('ignores files sent in place of text', () => {
    const data = form([['warnings', 'violence']]);
    data.append('body', new Blob(['secret']), 'body.txt');
    data.append('warnings', new Blob(['x']), 'w.txt');
    const v = readShareValues(data);
    expect(v.body).toBe('');
    expect(v.warnings).toEqual(['violence']);
  });

  it('a round trip from a form', () => {
    const v = readShareValues(
      form([
        ['kind', 'view'],
        ['body', 'My view'],
        ['title', ''],
        ['penName', ''],
        ['place', 'none'],
        ['publish', 'yes'],
      ]),
    );
    expect(validateShare(v)).toEqual({
      ok: true,
      values: v,
      data: { workshop: '', kind: 'view', body: 'My view', title: null, penName: null, place: null, warnings: [], publish: true, prompt: '' },
    });
  });
});
