// A translation gives any of the English strings; whatever it leaves out is English. Plain
// TypeScript with no Astro imports, so the build's report (src/integrations/) and tests use it too.
import { isPlural, type Plural } from './plural.ts';

/** What a strings file may give: any part of the source's strings, shaped the same way. */
export type Translation<T> = {
  [K in keyof T]?: T[K] extends string ? string : T[K] extends Plural ? Plural : T[K] extends readonly string[] ? readonly string[] : Translation<T[K]>;
};

/** A translation's strings file: its strings, and whether a person who speaks it has checked them. */
export type TranslationFile<T> = Translation<T> & {
  /** False until someone who speaks the language has read every string; the build lists those still false. */
  reviewed: boolean;
};

type Tree = { readonly [key: string]: unknown };
const isObject = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);
// Whether a value holds more strings is read from the source: a section there is a section in every language.
const isSection = (value: unknown): value is Tree => isObject(value) && !isPlural(value);

/** The source's strings with the translation's laid over them, key by key. */
export function withFallback<T>(source: T, translation: Translation<T>): T {
  const merge = (from: Tree, over: Tree | undefined): Tree => {
    if (!over) return from;
    return Object.fromEntries(
      Object.entries(from).map(([key, value]) => {
        const given = over[key];
        if (isSection(value)) return [key, merge(value, isObject(given) ? given : undefined)];
        return [key, given ?? value];
      }),
    );
  };
  return merge(source as Tree, translation as Tree) as T;
}

/** The dotted names of every string the source has and the translation does not, e.g. "share.form.send". */
export function missingKeys<T>(source: T, translation: Translation<T>): string[] {
  const missing: string[] = [];
  const walk = (from: Tree, over: Tree | undefined, prefix: string) => {
    for (const [key, value] of Object.entries(from)) {
      const given = over?.[key];
      if (isSection(value)) walk(value, isObject(given) ? given : undefined, `${prefix}${key}.`);
      else if (given === undefined) missing.push(`${prefix}${key}`);
    }
  };
  walk(source as Tree, translation as Tree, '');
  return missing;
}
