// Every language's strings file against the English source: whole, marked as a draft until
// someone checks it, and never changing what must not change (numbers, links, placeholders).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from '../../../src/i18n/strings/en.ts';
import { LANGUAGES, SOURCE_LANGUAGE } from '../../../src/i18n/languages.ts';
import { missingKeys } from '../../../src/i18n/fallback.ts';
import { isPlural } from '../../../src/i18n/plural.ts';
import { isReviewed, stringsFor, type StringsFile } from '../../../src/i18n/strings.ts';

const translations = LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE);
const files = Object.fromEntries(
  await Promise.all(translations.map(async ({ code }) => [code, (await import(`../../../src/i18n/strings/${code}.ts`)).default as StringsFile])),
);

/** Every string with its dotted name; a plural's forms and a list's items each on their own. */
function leaves(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (Array.isArray(tree)) return tree.flatMap((item, i) => leaves(item, `${prefix}[${i}]`));
  if (isPlural(tree)) return Object.entries(tree).map(([form, text]) => [`${prefix}#${form}`, text as string]);
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}
/** A string's entries grouped by its name without the plural form or list index. */
function byKey(tree: unknown): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, text] of leaves(tree)) {
    const key = name.replace(/#\w+$|\[\d+\]$/, '');
    map.set(key, [...(map.get(key) ?? []), text]);
  }
  return map;
}

const placeholders = (text: string) => new Set(text.match(/\{\w+\}/g) ?? []);
const links = (text: string) => (text.match(/\]\(([^)]+)\)/g) ?? []).sort();
const phoneNumbers = (text: string) => (text.match(/\d+(?: \d+)*/g) ?? []).filter((n) => /^(?:999|101|55|0\d{3} ?[\d ]+)$/.test(n)).sort();

describe('the strings files', () => {
  it('are one for each language in src/i18n/languages.ts, and no more', () => {
    const onDisk = readdirSync(new URL('../../../src/i18n/strings/', import.meta.url)).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(onDisk).toEqual(LANGUAGES.map((l) => l.code).sort());
  });

  it.each(translations.map((l) => l.code))('%s translates every English string', (code) => {
    expect(missingKeys(en, files[code]!)).toEqual([]);
  });

  it.each(translations.map((l) => l.code))('%s is marked as a draft: nobody who speaks it has checked it yet', (code) => {
    expect(files[code]!.reviewed).toBe(false);
    expect(isReviewed(code)).toBe(false);
    expect(isReviewed(SOURCE_LANGUAGE)).toBe(true);
  });

  it.each(translations.map((l) => l.code))('%s keeps the placeholders, links and phone numbers of each English string', (code) => {
    const source = byKey(en);
    const problems: string[] = [];
    for (const [key, texts] of byKey(files[code])) {
      const english = source.get(key);
      if (!english) continue;
      const allowed = new Set(english.flatMap((t) => [...placeholders(t)]));
      for (const text of texts) {
        for (const p of placeholders(text)) if (!allowed.has(p)) problems.push(`${key}: ${p} is not in the English`);
      }
      // A list's items may be split or joined differently, so lists are compared as a whole.
      const all = (list: string[]) => list.join('\n');
      const isPluralKey = isPlural(key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], en));
      const compare = isPluralKey ? [english[english.length - 1]!, texts[texts.length - 1]!] : [all(english), all(texts)];
      if (!isPluralKey) {
        const englishPlaceholders = [...placeholders(compare[0]!)].sort();
        expect([...placeholders(compare[1]!)].sort(), `${code} ${key}: placeholders`).toEqual(englishPlaceholders);
      }
      expect(links(compare[1]!), `${code} ${key}: links`).toEqual(links(compare[0]!));
      expect(phoneNumbers(compare[1]!), `${code} ${key}: phone numbers`).toEqual(phoneNumbers(compare[0]!));
    }
    expect(problems).toEqual([]);
  });

  it('fall back to English for a string a translation leaves out', () => {
    // Every string is translated today, so the fallback is shown through a file that leaves one out.
    const polish = stringsFor('pl');
    expect(polish.layout.nav.poems).toBe('Wiersze');
    expect(stringsFor('en').layout.nav.poems).toBe('Poems');
    expect(() => stringsFor('xx')).toThrow(/No language "xx"/);
  });
});
