// Which addresses exist in every language, and the language an address is in. Plain TypeScript
// with no Astro imports, so astro.config.mjs, the search index and the tests use it too.
import { LANGUAGES, SOURCE_LANGUAGE, type Language } from './languages.ts';

const PREFIXED = LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE);
const PREFIX = new RegExp(`^/(${PREFIXED.map((l) => l.code).join('|')})(?=/|$)`);

/**
 * The pages served in every language, from src/pages/[...lang]/: what a young person reads,
 * shares and gets help with. Pages for professionals (resources, training, materials, network,
 * participation) and the questions staff ask (have-your-say, you-said-we-did) are in English only.
 */
const TRANSLATED = /^\/(?:$|(?:help|safety|privacy|about|search|poems|films|share|voices)(?:\/|$))/;

/** The language of an address: its prefix, or English. */
export function languageOfPath(path: string): Language {
  const code = PREFIX.exec(path)?.[1];
  return PREFIXED.find((l) => l.code === code) ?? LANGUAGES[0];
}

/** The address without its language prefix: "/ar/help/" → "/help/", "/ar" → "/". */
export function withoutLanguage(path: string): string {
  return path.replace(PREFIX, '') || '/';
}

/** Whether the page at this address (without a prefix) exists in every language. */
export function isTranslatedPath(path: string): boolean {
  return TRANSLATED.test(path);
}
