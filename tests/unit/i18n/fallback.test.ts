import { describe, expect, it } from 'vitest';
import { missingKeys, withFallback, type Translation } from '../../../src/i18n/fallback.ts';
import { plural } from '../../../src/i18n/plural.ts';

const source = {
  title: 'Poems',
  nav: { poems: 'Poems', help: 'Get help' },
  count: plural({ one: '1 poem', other: '{count} poems' }),
  list: ['one', 'two'],
  kinds: { poem: 'A poem', other: 'Something else' },
};

describe('withFallback', () => {
  it('gives each string the translation has, and English for each it leaves out', () => {
    const translation: Translation<typeof source> = { nav: { poems: 'Wiersze' }, kinds: { other: 'Coś innego' } };
    expect(withFallback(source, translation)).toEqual({
      title: 'Poems',
      nav: { poems: 'Wiersze', help: 'Get help' },
      count: { one: '1 poem', other: '{count} poems' },
      list: ['one', 'two'],
      kinds: { poem: 'A poem', other: 'Coś innego' },
    });
  });

  it("takes a translation's plural and list whole: a language's plural forms are its own", () => {
    const polish = plural({ one: '1 wiersz', few: '{count} wiersze', many: '{count} wierszy', other: '{count} wiersza' });
    const merged = withFallback(source, { count: polish, list: ['jeden'] });
    expect(merged.count).toEqual(polish);
    expect(merged.list).toEqual(['jeden']);
  });

  it('leaves the source as it was', () => {
    withFallback(source, { title: 'Wiersze' });
    expect(source.title).toBe('Poems');
  });
});

describe('missingKeys', () => {
  it('names every string the translation leaves out, a plural or a list as one', () => {
    expect(missingKeys(source, { nav: { help: 'Pomoc' }, kinds: {} })).toEqual(['title', 'nav.poems', 'count', 'list', 'kinds.poem', 'kinds.other']);
  });

  it('is empty for a whole translation', () => {
    expect(missingKeys(source, { title: 'a', nav: { poems: 'b', help: 'c' }, count: plural({ other: 'd' }), list: [], kinds: { poem: 'e', other: 'f' } })).toEqual([]);
  });
});
