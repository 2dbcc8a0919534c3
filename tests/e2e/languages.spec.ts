// The public pages in every language: in the sitemap with their alternates, right to left where
// the language is, switched by address alone, searched apart, and with no English left on them.
// (Every sitemap page, translated ones included, goes through the three markup checkers in
// pages.spec.ts; the on-demand ones are checked here.)
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { ENGLISH_STRINGS, LANGUAGES, SOURCE_LANGUAGE, isPlural, isTranslatedPath, translationFile, withoutLanguage } from './support/app';
import { markupProblems } from './support/markup';
import { serveSeeded, submission } from './support/seed';
import { browserTraces, sitemapPaths, watchOtherOrigins } from './support/site';

const OTHERS = LANGUAGES.filter((l) => l.code !== SOURCE_LANGUAGE);
const DESTINATION = 'https://www.bbc.co.uk/weather';
const inLanguage = (code: string, path: string) => (code === SOURCE_LANGUAGE ? path : `/${code}${path}`);

interface SitemapEntry {
  path: string;
  /** hreflang → path, for the page and each of its translations. */
  alternates: Record<string, string>;
}

async function sitemapEntries(request: APIRequestContext): Promise<SitemapEntry[]> {
  const index = await (await request.get('/sitemap-index.xml')).text();
  const entries: SitemapEntry[] = [];
  for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const map = await (await request.get(new URL(loc!).pathname)).text();
    for (const [, url] of map.matchAll(/<url>([\s\S]*?)<\/url>/g)) {
      const path = new URL(/<loc>([^<]+)<\/loc>/.exec(url!)![1]!).pathname;
      const alternates = Object.fromEntries(
        [...url!.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\s*\/>/g)].map(([, lang, href]) => [lang!, new URL(href!).pathname]),
      );
      entries.push({ path, alternates });
    }
  }
  return entries;
}

test('every page for young people is in the sitemap in every language, each with its hreflang alternates', async ({ request }) => {
  const entries = await sitemapEntries(request);
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const english = entries.filter((e) => withoutLanguage(e.path) === e.path && isTranslatedPath(e.path));
  expect(english.map((e) => e.path)).toEqual(expect.arrayContaining(['/', '/help/', '/safety/', '/privacy/', '/about/', '/search/', '/poems/', '/films/']));
  for (const { path } of english) {
    const expected = Object.fromEntries(LANGUAGES.map((l) => [l.tag, inLanguage(l.code, path)]));
    for (const translated of Object.values(expected)) expect(byPath.get(translated)?.alternates, translated).toEqual(expected);
  }
  // Pages for professionals are in English only, so they have no alternates; nothing private is listed in any language.
  const englishOnly = entries.filter((e) => !isTranslatedPath(withoutLanguage(e.path)));
  expect(englishOnly.length).toBeGreaterThan(10);
  for (const entry of englishOnly) expect(entry.alternates, entry.path).toEqual({});
  expect(entries.filter((e) => /^\/(share|voices|404|500)(\/|$)/.test(withoutLanguage(e.path))).map((e) => e.path)).toEqual([]);
});

test.describe('Arabic, right to left', () => {
  test.beforeEach(async ({ page }) => {
    // The destination is another origin: answer it locally so the test never leaves this machine.
    await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weather</title><h1>Weather</h1>' }));
  });

  test('/ar/ is laid out right to left, with the quick exit at the top, which works by click', async ({ page }) => {
    const ar = await translationFile('ar');
    const quickExit = ar.quickExit as Record<string, string>;
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.goto('/ar/help/');
    await page.goto('/ar/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
    expect(await page.locator('main h1').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // The heading starts at the right-hand edge of the content, as Arabic is read.
    const main = (await page.locator('main').boundingBox())!;
    const heading = (await page.locator('main h1').boundingBox())!;
    expect(Math.abs(main.x + main.width - (heading.x + heading.width))).toBeLessThan(20);

    const button = page.locator('.exit-this-page__button');
    await expect(button).toHaveText(`${quickExit.emergency} ${quickExit.button}`);
    const box = (await button.boundingBox())!;
    expect(box.y).toBeLessThan(20);
    // At the top, on the inline end: the left on a page read right to left.
    expect(box.x + box.width).toBeLessThan(1100 / 2);

    await button.click();
    await page.waitForURL(DESTINATION);
    await page.goBack();
    await expect(page).toHaveURL(/\/ar\/help\/$/);
    await expect(page.locator('[data-exit-overlay]')).toHaveCount(0);
  });

  test('on a phone the quick exit spans the top of /ar/, and Shift three times exits, announced in Arabic', async ({ page }) => {
    const ar = await translationFile('ar');
    const quickExit = ar.quickExit as Record<string, string>;
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto('/ar/safety/');
    await page.goto('/ar/');
    const box = (await page.locator('.exit-this-page__button').boundingBox())!;
    expect(box.y).toBeLessThan(20);
    expect(box.width).toBeGreaterThan(300);
    const live = page.locator('[data-exit-live]');
    await page.keyboard.press('Shift');
    await expect(live).toHaveText(quickExit.twoMore!);
    await page.keyboard.press('Shift');
    await expect(live).toHaveText(quickExit.oneMore!);
    await page.keyboard.press('Shift');
    await page.waitForURL(DESTINATION);
    await page.goBack();
    await expect(page).toHaveURL(/\/ar\/safety\/$/);
  });
});

test('each language names itself in the switcher on every page, and nothing but the address remembers the choice', async ({ page, baseURL }) => {
  const otherOrigins = watchOtherOrigins(page, baseURL!);
  for (const language of LANGUAGES) {
    await page.goto(inLanguage(language.code, '/help/'));
    await expect(page.locator('html')).toHaveAttribute('lang', language.tag);
    await expect(page.locator('html')).toHaveAttribute('dir', language.dir);
    const switcher = page.locator('nav.languages');
    await expect(switcher.locator('[aria-current="true"]')).toHaveText(language.name);
    for (const other of LANGUAGES.filter((l) => l.code !== language.code)) {
      const link = switcher.locator(`a[hreflang="${other.tag}"]`);
      await expect(link).toHaveText(other.name);
      await expect(link).toHaveAttribute('lang', other.tag);
      await expect(link).toHaveAttribute('href', inLanguage(other.code, '/help/'));
    }
  }
  await page.goto('/ur/safety/');
  await page.locator('nav.languages a[hreflang="pl"]').click();
  await expect(page).toHaveURL(/\/pl\/safety\/$/);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
  // A page only in English leads to each language's home page.
  await page.goto('/resources/');
  await expect(page.locator('nav.languages a[hreflang="sk"]')).toHaveAttribute('href', '/sk/');
  expect(await browserTraces(page)).toEqual({ cookies: 0, local: 0, session: 0, indexedDB: 0 });
  expect(otherOrigins).toEqual([]);
});

/** Every string of a strings file with its name; a plural's forms and a list's items each on their own. */
function strings(tree: unknown, prefix = ''): [string, string][] {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (Array.isArray(tree)) return tree.flatMap((item, i) => strings(item, `${prefix}[${i}]`));
  if (isPlural(tree)) return Object.entries(tree).map(([form, text]) => [`${prefix}#${form}`, text as string]);
  return Object.entries(tree as Record<string, unknown>).flatMap(([key, value]) => strings(value, prefix ? `${prefix}.${key}` : key));
}

/**
 * What a page says to a reader, in its own language: text and the attributes read aloud or shown.
 * Without the service's name ("Voices"), which is never translated, though it is also an English word of the strings file.
 */
async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lang = document.documentElement.lang;
    const siteName = document.querySelector('.site-name')?.textContent ?? '';
    const words = [document.title];
    const ATTRIBUTES = ['aria-label', 'title', 'alt', 'placeholder', 'content', 'value'];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) return void words.push(node.textContent ?? '');
      if (!(node instanceof Element) || ['SCRIPT', 'STYLE', 'TITLE'].includes(node.tagName)) return;
      // Content that stays in its own language (a poem, the service's own contacts), and names never translated.
      if ((node.hasAttribute('lang') && node.getAttribute('lang') !== lang) || node.getAttribute('translate') === 'no') return;
      for (const attribute of node.attributes) {
        if (ATTRIBUTES.includes(attribute.name) || attribute.name.startsWith('data-')) words.push(attribute.value);
      }
      node.childNodes.forEach(walk);
    };
    walk(document.documentElement);
    return words.join('\n').replaceAll(siteName, '');
  });
}

/** The plain words of a strings-file value, in the pieces between its placeholders. */
const fragments = (text: string) =>
  text
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\*\*|[*`]/g, '')
    .split(/\{\w+\}/)
    .map((part) => part.trim().replace(/^[\s.,:;()“”"']+|[\s.,:;()“”"']+$/g, ''))
    .filter((part) => /\p{L}{3}/u.test(part));

for (const { code, name } of OTHERS) {
  test(`no English string from the English strings file is left on a page in ${name} (${code})`, async ({ browser, baseURL, request }) => {
    test.setTimeout(180_000);
    const translation = new Map(strings(await translationFile(code)));
    // A string the translation writes the same way ("Film" in Slovak and Polish) is not English left behind.
    const english = strings(ENGLISH_STRINGS).filter(([key, text]) => translation.get(key) !== text);
    const looked = [...new Set(english.flatMap(([, text]) => fragments(text)))];
    expect(looked.length).toBeGreaterThan(300);
    const pattern = (fragment: string) => new RegExp(`(?<![\\p{L}])${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u');
    const patterns = looked.map((fragment) => [fragment, pattern(fragment)] as const);

    const paths = [
      ...(await sitemapPaths(request)).filter((path) => path.startsWith(`/${code}/`)),
      // Rendered on demand: sharing, checking a receipt, Voices and the 404 page.
      ...['/share/', '/share/status/', '/voices/', '/no-such-page/'].map((path) => inLanguage(code, path)),
    ];
    expect(paths.length).toBeGreaterThan(15);
    const context = await browser.newContext({ baseURL: baseURL! });
    const page = await context.newPage();
    // The same look at the English page finds its strings: the check can fail.
    await page.goto('/help/');
    const onEnglishPage = await pageWords(page);
    expect(patterns.filter(([, re]) => re.test(onEnglishPage)).length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      const words = await pageWords(page);
      for (const [fragment, re] of patterns) if (re.test(words)) found.push(`${path}: "${fragment}"`);
    }
    await context.close();
    expect(found).toEqual([]);
  });
}

test('/ar/search/ finds the Arabic pages, and only them', async ({ page }) => {
  const ar = await translationFile('ar');
  const search = ar.search as Record<string, string>;
  await page.goto('/ar/search/');
  await page.getByLabel(search.label!).fill('الخصوصية');
  await page.getByRole('button', { name: search.button! }).click();
  const results = page.locator('[data-search-results] li a');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('status')).toContainText('«الخصوصية»');
  const paths = await results.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(paths).toContain('/ar/privacy/');
  for (const path of paths) expect(path, 'every result is an Arabic page').toMatch(/^\/ar\//);
  expect(await markupProblems(page, 'ar-search-done')).toEqual([]);
  // The English index does not have the Arabic pages.
  await page.goto('/search/');
  await page.getByLabel('Search the site').fill('الخصوصية');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status')).toContainText('No results');
});

test('a missing page in another language says so in that language, checked by the markup checkers', async ({ page }) => {
  for (const { code } of OTHERS) {
    const notFound = (await translationFile(code)).notFound as Record<string, string>;
    for (const path of [`/${code}/no-such-page/`, `/${code}/voices/no-such-words/`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.locator('h1')).toHaveText(notFound.heading!);
      await expect(page.locator('[data-exit-link]').first()).toBeVisible();
    }
    expect(await markupProblems(page, `${code}-404`)).toEqual([]);
  }
  // English is at /, so /en/… is no page, nor is a prefix that names no language.
  for (const path of ['/en/help/', '/xx/share/']) expect((await page.goto(path))?.status(), path).toBe(404);
});

test('published words in any script keep their own direction on every page, Voices in Arabic included', async ({ browser }) => {
  const words = submission({
    status: 'published',
    body: 'كتبت هذه الكلمات\nلمن يحتاجها',
    published: { title: 'كلماتي', body: 'كتبت هذه الكلمات\nلمن يحتاجها', penName: 'نور', warnings: [], at: new Date().toISOString() },
  });
  const server = await serveSeeded({ submissions: [words] });
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  try {
    await page.goto('/ar/voices/');
    const card = page.locator('[data-voices-list] li').first();
    await expect(card.locator('bdi').first()).toHaveText('كلماتي');
    await expect(card.locator('p[dir="auto"]')).toHaveText('كتبت هذه الكلمات / لمن يحتاجها');
    expect(await markupProblems(page, 'ar-voices')).toEqual([]);
    for (const path of [`/ar/voices/${words.id}/`, `/voices/${words.id}/`]) {
      await page.goto(path);
      const text = page.locator('.user-text');
      await expect(text).toHaveAttribute('dir', 'auto');
      expect(await text.evaluate((el) => getComputedStyle(el).direction), path).toBe('rtl');
    }
    // On the English page, read left to right, the Arabic words still run right to left.
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('ltr');
    expect(await markupProblems(page, 'en-voices-arabic-words')).toEqual([]);
  } finally {
    await context.close();
    await server.stop();
  }
});
