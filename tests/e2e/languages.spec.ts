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
        // A choice's value is a name for the server, not a word on the page.
        if (attribute.name === 'value' && node.matches('input[type="radio"], input[type="checkbox"], input[type="hidden"]')) continue;
        // The share form's island: its words, not its list of local places (the service's own names).
        if (attribute.name === 'data-words-field') words.push(JSON.stringify(JSON.parse(attribute.value).text));
        else if (ATTRIBUTES.includes(attribute.name) || attribute.name.startsWith('data-')) words.push(attribute.value);
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

/** For each language: the English strings it translates differently, as patterns to look for on its pages. */
const englishPatterns = new Map<string, [string, RegExp][]>();
async function englishStringsFor(code: string): Promise<[string, RegExp][]> {
  let patterns = englishPatterns.get(code);
  if (!patterns) {
    const translation = new Map(strings(await translationFile(code)));
    // A string the translation writes the same way ("Film" in Slovak and Polish) is not English left behind.
    const english = strings(ENGLISH_STRINGS).filter(([key, text]) => translation.get(key) !== text);
    const looked = [...new Set(english.flatMap(([, text]) => fragments(text)))];
    expect(looked.length).toBeGreaterThan(300);
    patterns = looked.map((fragment) => [fragment, new RegExp(`(?<![\\p{L}])${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u')]);
    englishPatterns.set(code, patterns);
  }
  return patterns;
}

/** The English strings on the page as it is now, if it is in a language other than English. */
async function englishLeft(page: Page, code: string): Promise<string[]> {
  const words = await pageWords(page);
  return (await englishStringsFor(code)).filter(([, re]) => re.test(words)).map(([fragment]) => `${new URL(page.url()).pathname}: "${fragment}"`);
}

for (const { code, name } of OTHERS) {
  test(`no English string from the English strings file is left on a page in ${name} (${code})`, async ({ browser, baseURL, request }) => {
    test.setTimeout(180_000);
    const paths = [
      ...(await sitemapPaths(request)).filter((path) => path.startsWith(`/${code}/`)),
      // Rendered on demand: sharing, checking a receipt, Voices and the 404 page.
      ...['/share/', '/share/status/', '/voices/', '/no-such-page/'].map((path) => inLanguage(code, path)),
    ];
    expect(paths.length).toBeGreaterThan(15);
    const context = await browser.newContext({ baseURL: baseURL! });
    const page = await context.newPage();
    // The same look at an English page finds its strings: the check can fail.
    await page.goto('/help/');
    expect((await englishLeft(page, code)).length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      found.push(...(await englishLeft(page, code)));
    }
    await context.close();
    expect(found).toEqual([]);
  });
}

test('the share form works end to end in Arabic without JavaScript: an error in Arabic with the words kept, a receipt, and its status at /ar/share/status/', async ({ browser, baseURL }) => {
  const ar = await translationFile('ar');
  const share = ar.share as { heading: string; form: { send: string }; errors: Record<string, string>; confirmation: { heading: string; title: string } };
  const status = ar.status as { check: string; notFound: string; states: Record<string, { title: string; text: string }> };
  const forms = ar.forms as { summaryTitle: string; errorPrefix: string };
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseURL! });
  const page = await context.newPage();
  await page.goto('/ar/share/');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('h1')).toHaveText(share.heading);
  const words = 'كتبت هذه الكلمات لأقول إنني لست وحدي\nوأنتم لستم وحدكم';
  await page.locator('#body').fill(words);
  await page.getByRole('button', { name: share.form.send }).click();

  // Nothing chosen: each error in Arabic, and the words are still there.
  await expect(page.locator('[data-error-summary] h2')).toHaveText(forms.summaryTitle);
  await expect(page.locator('[data-error-summary]')).toContainText(share.errors.kind!);
  await expect(page.locator('#kind-error')).toHaveText(`${forms.errorPrefix} ${share.errors.kind}`);
  await expect(page.locator('#publish-error')).toContainText(share.errors.publish!);
  await expect(page.locator('#body')).toHaveValue(words);
  await expect(page.locator('#body')).toHaveAttribute('dir', 'auto');
  expect(await page.title()).toMatch(/^خطأ: /);
  expect(await markupProblems(page, 'ar-share-errors')).toEqual([]);
  expect(await englishLeft(page, 'ar')).toEqual([]);

  await page.locator('#kind').check();
  await page.locator('#place-none').check();
  await page.locator('#publish-no').check();
  await page.getByRole('button', { name: share.form.send }).click();
  await expect(page.locator('h1')).toHaveText(share.confirmation.heading);
  const receipt = (await page.locator('[data-receipt]').innerText()).trim();
  expect(receipt).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  expect(await markupProblems(page, 'ar-share-sent')).toEqual([]);
  expect(await englishLeft(page, 'ar')).toEqual([]);

  await page.goto('/ar/share/status/');
  await page.locator('#code').fill('AAAA-BBBB-CCCC-DDDD');
  await page.getByRole('button', { name: status.check }).click();
  await expect(page.locator('#code-error')).toContainText(status.notFound);
  expect(await markupProblems(page, 'ar-status-not-found')).toEqual([]);
  await page.locator('#code').fill(receipt.toLowerCase());
  await page.getByRole('button', { name: status.check }).click();
  await expect(page.locator('h1')).toHaveText(status.states.pending!.title);
  await expect(page.locator('[data-status="pending"]')).toHaveText(status.states.pending!.text);
  expect(await markupProblems(page, 'ar-status-found')).toEqual([]);
  expect(await englishLeft(page, 'ar')).toEqual([]);
  await context.close();
});

test('with JavaScript, /ar/share/ counts characters and warns in Arabic, and finds a phone number in Eastern Arabic digits', async ({ page }) => {
  const ar = await translationFile('ar');
  const share = ar.share as { guard: { title: string; hints: Record<string, string> } };
  await page.goto('/ar/share/');
  const count = page.locator('#body-count');
  await expect(count).toHaveText('بقي لك 8,000 حرف');
  await page.locator('#body').fill('رقمي ۰۷۷۰۰ ۹۰۰۱۲۳ اتصلي بي');
  await expect(page.locator('[data-guard-hints] .guard__title')).toHaveText(share.guard.title);
  await expect(page.locator('[data-guard-hint="phone"]')).toHaveText(share.guard.hints.phone!);
  await expect(count).toHaveText(/^بقي لك 7,9\d\d حرف/);
  expect(await markupProblems(page, 'ar-share-guard')).toEqual([]);
});

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
