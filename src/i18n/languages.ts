/**
 * The languages of the public pages. English is the source, at /; every other language is served
 * under its own prefix (/ar/, /ur/…) from its strings file, src/i18n/<code>.ts.
 * Adding a language is one line here and one strings file (README.md, "Languages").
 */
export interface Language {
  /** The URL prefix and the strings file's name: an ISO 639-1 code. */
  code: string;
  /** What <html lang> says: a BCP 47 tag. */
  tag: string;
  /** Arabic and Urdu are written right to left. */
  dir: 'ltr' | 'rtl';
  /** The language's name in itself, as the language switcher shows it. */
  name: string;
}

export const LANGUAGES = [
  { code: 'en', tag: 'en-GB', dir: 'ltr', name: 'English' },
  { code: 'ar', tag: 'ar', dir: 'rtl', name: 'العربية' },
  { code: 'ur', tag: 'ur', dir: 'rtl', name: 'اردو' },
  { code: 'sk', tag: 'sk', dir: 'ltr', name: 'Slovenčina' },
  { code: 'pl', tag: 'pl', dir: 'ltr', name: 'Polski' },
] as const satisfies readonly Language[];

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

/** English: the source of every string, served without a prefix. */
export const SOURCE_LANGUAGE = 'en';
