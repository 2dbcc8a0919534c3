import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTranslatedPath, languageOfPath, withoutLanguage } from '../../../src/i18n/paths.ts';

const PAGES = new URL('../../../src/pages/', import.meta.url).pathname;
/** Each route file's first path segment: "poems" for src/pages/poems/[slug].astro, "" for the home page. */
function firstSegments(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(at, entry.name));
      else found.add(relative(dir, join(at, entry.name)).split('/')[0]!.replace(/\.(astro|ts)$/, '').replace(/^index$/, ''));
    }
  };
  walk(dir);
  return found;
}

describe('language prefixes', () => {
  it('reads the language from the first segment only', () => {
    expect(languageOfPath('/ar/help/').code).toBe('ar');
    expect(languageOfPath('/pl').code).toBe('pl');
    expect(languageOfPath('/help/').code).toBe('en');
    expect(languageOfPath('/arts/').code).toBe('en');
    expect(languageOfPath('/poems/ar/').code).toBe('en');
  });

  it('takes the prefix off', () => {
    expect(withoutLanguage('/ar/help/')).toBe('/help/');
    expect(withoutLanguage('/ur')).toBe('/');
    expect(withoutLanguage('/ur/')).toBe('/');
    expect(withoutLanguage('/help/')).toBe('/help/');
    expect(withoutLanguage('/arts/')).toBe('/arts/');
  });
});

describe('isTranslatedPath', () => {
  it('is true exactly for the pages in src/pages/[...lang]/', () => {
    const translated = firstSegments(join(PAGES, '[...lang]'));
    for (const segment of translated) expect(isTranslatedPath(`/${segment}${segment ? '/' : ''}`), segment).toBe(true);
    const others = [...firstSegments(PAGES)].filter((s) => s !== '[...lang]' && !/^\d{3}$/.test(s));
    expect(others.length).toBeGreaterThan(5);
    for (const segment of others) expect(isTranslatedPath(`/${segment}/`), segment).toBe(false);
  });

  it('matches whole segments', () => {
    expect(isTranslatedPath('/poems/mirror/')).toBe(true);
    expect(isTranslatedPath('/helpful/')).toBe(false);
    expect(isTranslatedPath('/share/status/')).toBe(true);
  });
});
