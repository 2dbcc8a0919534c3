import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../src/i18n/languages.ts';
import { plural } from '../../../src/i18n/plural.ts';
import { stringsFor } from '../../../src/i18n/strings.ts';
import { pageText } from '../../../src/i18n/text.ts';

// As getRelativeLocaleUrl gives them with this site's configuration.
const localize = (code: string, path: string) => (code === 'en' ? path : `/${code}${path}`);
const textIn = (code: string) => pageText(LANGUAGES.find((l) => l.code === code)!, stringsFor(code), localize);

describe('pageText', () => {
  it('fills placeholders, writing numbers with Western digits in every language', () => {
    expect(textIn('en').format('up to {max} characters', { max: 8000 })).toBe('up to 8,000 characters');
    expect(textIn('ar').format('{max}', { max: 8000 })).toBe('8,000');
    // Polish groups only from five digits.
    expect(textIn('pl').format('{a} {b}', { a: 8000, b: 12000 })).toMatch(/^8000 12\s000$/);
    expect(textIn('en').format('{unknown} stays')).toBe('{unknown} stays');
  });

  it("picks each language's plural form", () => {
    const poems = plural({ zero: 'z', one: 'o', two: 't', few: 'f{count}', many: 'm{count}', other: 'x{count}' });
    expect([0, 1, 2, 3, 11, 100].map((n) => textIn('ar').plural(poems, n))).toEqual(['z', 'o', 't', 'f3', 'm11', 'x100']);
    expect([1, 2, 5, 22, 25].map((n) => textIn('pl').plural(poems, n))).toEqual(['o', 'f2', 'm5', 'f22', 'm25']);
    expect([1, 3, 5].map((n) => textIn('sk').plural(poems, n))).toEqual(['o', 'f3', 'x5']);
    expect(textIn('en').plural(plural({ other: '{count} poems about {theme}' }), 3, { theme: 'hope' })).toBe('3 poems about hope');
  });

  it('renders bold, emphasis, keys and links, with links in the page language', () => {
    const ar = textIn('ar');
    expect(ar.html('**a** *b* `Shift` [help](/help/)')).toBe('<strong>a</strong> <em>b</em> <kbd>Shift</kbd> <a href="/ar/help/">help</a>');
    expect(textIn('en').html('[help](/help/)')).toBe('<a href="/help/">help</a>');
  });

  it('says a link leads to a page only in English, on pages in other languages', () => {
    expect(textIn('pl').html('[Materiały](/resources/)')).toBe('<a href="/resources/" hreflang="en">Materiały</a> (po angielsku)');
    expect(textIn('en').html('[Resources](/resources/)')).toBe('<a href="/resources/">Resources</a>');
  });

  it('leads a link titled "en" to the English page, where the page exists in every language too', () => {
    expect(textIn('ar').html('[search in English](/search/ "en")')).toBe('<a href="/search/" hreflang="en">search in English</a>');
    expect(textIn('ar').html('[search](/search/)')).toBe('<a href="/ar/search/">search</a>');
  });

  it('sends nothing about this site to another one, and dials phone links as they are', () => {
    expect(textIn('sk').html('[CEOP](https://www.ceop.police.uk)')).toBe('<a href="https://www.ceop.police.uk" rel="noreferrer">CEOP</a>');
    expect(textIn('ur').html('[0800 1111](tel:08001111)')).toBe('<a href="tel:08001111"><span dir="ltr">0800 1111</span></a>');
  });

  it('fills placeholders after reading the Markdown, escaped, so a value never becomes markup', () => {
    const html = textIn('en').html('**You are answering:** {question}', { question: '<script>x</script> **[a](https://evil.example)**' });
    expect(html).toBe('<strong>You are answering:</strong> &lt;script&gt;x&lt;/script&gt; **[a](https://evil.example)**');
  });

  it('keeps groups of digits left to right on right-to-left pages, so a phone number reads as it is', () => {
    expect(textIn('ar').html('اتصل بـ 0800 1111 أو 999')).toBe('اتصل بـ <span dir="ltr">0800 1111</span> أو 999');
    expect(textIn('en').html('call 0800 1111')).toBe('call 0800 1111');
  });

  it('refuses anything else in a strings file, such as raw HTML', () => {
    expect(() => textIn('en').html('<b>bold</b>')).toThrow(/only, not html/);
  });

  it('splits a template around a placeholder for user text, and names languages in the page language', () => {
    expect(textIn('ur').around('از {name}', 'name')).toEqual(['از ', '']);
    expect(textIn('en').around('{kind} by {name}', 'name', { kind: 'A poem' })).toEqual(['A poem by ', '']);
    expect(textIn('ar').languageName('en')).toBe('الإنجليزية');
    expect(textIn('ar').contentLanguage('en')).toEqual({ lang: 'en', dir: 'auto' });
    expect(textIn('en').contentLanguage('en-GB')).toEqual({});
  });
});
