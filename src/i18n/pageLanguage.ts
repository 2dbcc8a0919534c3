// The language of the page being rendered, from Astro's i18n routing: its strings and addresses.
import { getRelativeLocaleUrl } from 'astro:i18n';
import { LANGUAGES, SOURCE_LANGUAGE } from './languages.ts';
import { stringsFor } from './strings.ts';
import { pageText, type PageText } from './text.ts';

const localize = (code: string, path: string) => getRelativeLocaleUrl(code, path.replace(/^\//, ''));
const byCode = new Map<string, PageText>(LANGUAGES.map((language) => [language.code, pageText(language, stringsFor(language.code), localize)]));

/** The page's language and text helpers, from `Astro.currentLocale` (English when it has none). */
export function pageLanguage(locale: string | undefined): PageText {
  return byCode.get(locale ?? SOURCE_LANGUAGE) ?? byCode.get(SOURCE_LANGUAGE)!;
}

/** getStaticPaths for a page in src/pages/[...lang]/: English at its own address, each other language under its prefix. */
export function languageParams(): { lang: string | undefined }[] {
  return LANGUAGES.map(({ code }) => ({ lang: code === SOURCE_LANGUAGE ? undefined : code }));
}

/**
 * Whether the [...lang] part of an on-demand page's address names a language: absent (English)
 * or a prefix from src/i18n/languages.ts. Anything else ("/en/share/", "/xx/share/") is a 404.
 */
export function isLanguageParam(lang: string | undefined): boolean {
  return lang === undefined || LANGUAGES.some(({ code }) => code !== SOURCE_LANGUAGE && code === lang);
}
