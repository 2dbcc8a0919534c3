// Turns a strings-file value into what a page shows: {placeholders} filled, plurals chosen, and
// the little Markdown strings may use (**bold**, *emphasis*, [links](/path/), `keys`) as HTML.
// No Astro imports: the page passes in how a path becomes an address in a language.
import { Lexer, type Token } from 'marked';
import type { Language } from './languages.ts';
import { SOURCE_LANGUAGE } from './languages.ts';
import { isTranslatedPath } from './paths.ts';
import { pluralForm, type Plural } from './plural.ts';
import type { Strings } from './strings.ts';

export type Values = Readonly<Record<string, string | number>>;

export interface PageText {
  language: Language;
  /** The page language's strings (English where they are missing). */
  t: Strings;
  /** A site path in the page's language: "/help/" → "/ar/help/"; English-only pages keep their path. */
  href(path: string): string;
  /** The same page in another language (English-only pages: that language's home page). */
  hrefIn(code: string, path: string): string;
  /** A plain-text string with its {placeholders} filled; numbers are written the page's way. */
  format(template: string, values?: Values): string;
  /** The plural form for `count`, with {count} and any other placeholders filled. */
  plural(forms: Plural, count: number, values?: Values): string;
  /**
   * A template split around one placeholder, the rest filled: "by {name}" → ["by ", ""]. For
   * user text (a pen name), which goes between the two in its own <bdi>, whatever its script.
   */
  around(template: string, placeholder: string, values?: Values): [before: string, after: string];
  /** "a, b and c", the page's way. */
  list(items: readonly string[]): string;
  /** A language's name in the page's language: "en" → "الإنجليزية" on an Arabic page. */
  languageName(tag: string): string;
  /** For content in its own language (a poem, a film): lang and dir, when it is not the page's language. */
  contentLanguage(tag: string): { lang?: string; dir?: 'auto' };
  /** A page's title, with the form-errors prefix while its form has errors (GOV.UK: "Error: " before it). */
  formTitle(title: string, hasErrors: boolean): string;
  /** A string with Markdown as HTML, for set:html: placeholders are filled after parsing, escaped, and never read as markup. */
  html(template: string, values?: Values): string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

// Digits in groups ("0800 1111") would be laid out right to left in Arabic or Urdu, reversing the
// groups: a phone number is never changed, so it is kept left to right.
const DIGIT_GROUPS = /\d+(?: \d+)+/g;

const parsed = new Map<string, Token[]>();
const tokensOf = (template: string) => {
  let tokens = parsed.get(template);
  if (!tokens) parsed.set(template, (tokens = Lexer.lexInline(template)));
  return tokens;
};

export function pageText(language: Language, t: Strings, localize: (code: string, path: string) => string): PageText {
  // Western digits in every language: phone numbers are never changed, so other numbers match them.
  const numbers = new Intl.NumberFormat(language.tag, { numberingSystem: 'latn' });
  const and = new Intl.ListFormat(language.tag, { type: 'conjunction' });
  const names = new Intl.DisplayNames(language.tag, { type: 'language' });
  const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();
  const fill = (template: string, values: Values = {}) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : typeof value === 'number' ? numbers.format(value) : value;
    });
  const href = (path: string) => (isTranslatedPath(path) ? localize(language.code, path) : path);
  const englishOnly = (path: string) => language.code !== SOURCE_LANGUAGE && path.startsWith('/') && !isTranslatedPath(path);

  const textHtml = (text: string, values: Values) => {
    const html = escape(fill(text, values));
    return language.dir === 'rtl' ? html.replace(DIGIT_GROUPS, '<span dir="ltr">$&</span>') : html;
  };
  const render = (tokens: Token[], values: Values): string =>
    tokens
      .map((token) => {
        switch (token.type) {
          case 'text':
          case 'escape':
            return textHtml(token.text, values);
          case 'strong':
            return `<strong>${render(token.tokens ?? [], values)}</strong>`;
          case 'em':
            return `<em>${render(token.tokens ?? [], values)}</em>`;
          case 'codespan':
            return `<kbd>${textHtml(token.text, values)}</kbd>`;
          case 'link': {
            const target = fill(token.href, values);
            const text = render(token.tokens ?? [], values);
            if (/^https?:/.test(target)) return `<a href="${escape(target)}" rel="noreferrer">${text}</a>`;
            if (englishOnly(target)) return `<a href="${escape(target)}" hreflang="en">${text}</a> ${escape(t.layout.inEnglish)}`;
            // A link titled "en" leads to the English page even where the page exists in every language.
            if (token.title === 'en') return `<a href="${escape(localize(SOURCE_LANGUAGE, target))}" hreflang="en">${text}</a>`;
            return `<a href="${escape(target.startsWith('/') ? href(target) : target)}">${text}</a>`;
          }
          default:
            // Strings are ours: anything else (raw HTML, images) is a mistake in a strings file.
            throw new Error(`Strings may use bold, emphasis, links and \`keys\` only, not ${token.type}: ${token.raw}`);
        }
      })
      .join('');

  return {
    language,
    t,
    href,
    hrefIn: localize,
    format: fill,
    around: (template, placeholder, values = {}) => {
      const [before = '', after = ''] = template.split(`{${placeholder}}`);
      return [fill(before, values), fill(after, values)];
    },
    list: (items) => and.format(items),
    languageName: (tag) => names.of(tag) ?? tag,
    contentLanguage: (tag) => (primary(tag) === primary(language.tag) ? {} : { lang: tag, dir: 'auto' }),
    plural: (forms, count, values = {}) => fill(pluralForm(forms, count, language.tag), { count, ...values }),
    formTitle: (title, hasErrors) => (hasErrors ? fill(t.forms.titleWithErrors, { title }) : title),
    html: (template, values = {}) => render(tokensOf(template), values),
  };
}
