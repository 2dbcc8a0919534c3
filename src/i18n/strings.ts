// Each language's strings, with English wherever its file leaves a string out.
import en from './strings/en.ts';
import { withFallback, type TranslationFile } from './fallback.ts';
import { LANGUAGES, SOURCE_LANGUAGE } from './languages.ts';

/** Every string, shaped as the English strings file is. */
export type Strings = typeof en;

/** What a translation's strings file exports. */
export type StringsFile = TranslationFile<Strings>;

const files = import.meta.glob<StringsFile>('./strings/*.ts', { eager: true, import: 'default' });
const fileFor = (code: string) => files[`./strings/${code}.ts`];

const byLanguage = new Map<string, Strings>(
  LANGUAGES.map(({ code }) => {
    if (code === SOURCE_LANGUAGE) return [code, en];
    const file = fileFor(code);
    if (!file) throw new Error(`src/i18n/languages.ts lists "${code}" but there is no src/i18n/strings/${code}.ts`);
    return [code, withFallback(en, file)];
  }),
);

/** The strings of a language in LANGUAGES. */
export function stringsFor(code: string): Strings {
  const strings = byLanguage.get(code);
  if (!strings) throw new Error(`No language "${code}" in src/i18n/languages.ts`);
  return strings;
}

/** Whether a person who speaks the language has checked its strings (English is the source). */
export function isReviewed(code: string): boolean {
  return code === SOURCE_LANGUAGE || fileFor(code)?.reviewed === true;
}
