import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isSearchable } from './support/app';
import { ROOT, readContent, type ResourceFile } from './support/content';
import { indexedPageCount, indexedPages } from './support/searchIndex';
import { markupProblems } from './support/markup';
import { browserTraces, sitemapPaths, watchOtherOrigins } from './support/site';

const PRIVATE = /^\/(share|moderate|voices)(\/|$)/;

test('the search index holds every public content page and nothing from sharing or moderation', async ({ request }) => {
  const pages = indexedPages();
  const urls = pages.map((p) => p.url);
  expect(pages.length).toBe(indexedPageCount());
  expect(urls.filter((url) => PRIVATE.test(url))).toEqual([]);
  expect(urls).not.toContain('/search/');
  const sitemap = await sitemapPaths(request);
  // Indexed pages are public pages; public pages other than filters and /search/ are indexed.
  expect(urls.filter((url) => !sitemap.includes(url))).toEqual([]);
  expect(sitemap.filter((path) => isSearchable(path) && !urls.includes(path))).toEqual([]);
  for (const path of ['/resources/responding-to-a-disclosure/', '/training/friend-or-foe/', '/materials/wellbeing-check-out/', '/participation/', '/network/derby/']) {
    expect(urls).toContain(path);
  }
});

test('the text of a poem behind a content warning is not in the index (search excerpts would show it)', () => {
  const indexed = indexedPages().map((p) => p.content).join('\n');
  const warned = readContent<{ contentWarnings?: string[] }>('poems').filter((p) => p.data.contentWarnings?.length);
  expect(warned.length).toBeGreaterThan(0);
  for (const poem of warned) {
    const lines = poem.body.split('\n').map((l) => l.replace(/\\$/, '').trim()).filter((l) => l.length > 20);
    for (const line of lines) expect(indexed, `${poem.id}: ${line}`).not.toContain(line);
  }
});

/** Every word of 7+ letters in a text, lower case. */
const words = (text: string) => new Set(text.toLowerCase().match(/\b[a-z]{7,}\b/g) ?? []);

/** Every content and page source file, to prove a word appears nowhere else. */
function allSourceTexts(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(md|ya?ml|astro|ts)$/.test(entry.name)) out.push({ path, text: readFileSync(path, 'utf8').toLowerCase() });
    }
  };
  for (const dir of ['content', 'src/pages', 'src/components', 'src/layouts']) walk(join(ROOT, dir));
  return out;
}

/** A resource and a word that only its body has: not its title or summary, no other file, no other indexed page. */
function bodyOnlyWord(): { id: string; title: string; word: string } {
  const sources = allSourceTexts();
  const indexed = indexedPages();
  for (const resource of readContent<ResourceFile>('resources')) {
    const own = join(ROOT, 'content', 'resources', `${resource.id}.md`);
    const heading = words(`${resource.data.title} ${resource.data.summary}`);
    for (const word of words(resource.body)) {
      if (heading.has(word)) continue;
      if (sources.some((s) => s.path !== own && s.text.includes(word))) continue;
      if (indexed.some((p) => p.url !== `/resources/${resource.id}/` && p.content.toLowerCase().includes(word))) continue;
      return { id: resource.id, title: resource.data.title, word };
    }
  }
  throw new Error('no resource has a word of its own');
}

test('search finds a resource by a word that appears only in its body, loading Pagefind only then', async ({ page, baseURL }) => {
  const { id, title, word } = bodyOnlyWord();
  test.info().annotations.push({ type: 'word', description: `${word} → /resources/${id}/` });
  const otherOrigins = watchOtherOrigins(page, baseURL!);
  const pagefindRequests: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname.startsWith('/pagefind/')) pagefindRequests.push(req.url());
  });

  await page.goto('/search/');
  await expect(page.getByRole('search')).toBeVisible();
  expect(pagefindRequests, 'nothing from Pagefind before a search').toEqual([]);

  await page.getByLabel('Search the site').fill(word);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status')).toHaveText(/^1 result for/);
  const first = page.locator('[data-search-results] li').first();
  await expect(first.getByRole('link')).toHaveText(title);
  await expect(first.getByRole('link')).toHaveAttribute('href', `/resources/${id}/`);
  await expect(first.locator('mark').first()).toBeVisible();

  expect(pagefindRequests.some((url) => url.endsWith('/pagefind/pagefind.js'))).toBe(true);
  expect(page.url(), 'the query stays out of the address and history').toMatch(/\/search\/$/);
  expect(otherOrigins).toEqual([]);
});

test('a search with no match says so', async ({ page }) => {
  await page.goto('/search/');
  await page.getByLabel('Search the site').fill('xylophonequark');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status')).toContainText('No results for “xylophonequark”');
});

test('searching for words from the sharing and moderation pages finds none of those pages', async ({ page, request }) => {
  const indexed = indexedPages().map((p) => p.content.toLowerCase()).join('\n');
  const onlyThere: string[] = [];
  for (const path of ['/moderate/', '/moderate/login/', '/share/']) {
    const response = await request.get(path);
    if (response.status() !== 200 || !response.headers()['content-type']?.startsWith('text/html')) continue;
    const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(await response.text())?.[1] ?? '';
    const text = main.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ');
    onlyThere.push(...[...words(text)].filter((w) => !indexed.includes(w)).slice(0, 5));
  }
  const terms = [...new Set(onlyThere)];
  test.skip(terms.length === 0, 'neither /moderate/ nor /share/ serves a page yet; the index check above still holds');
  test.info().annotations.push({ type: 'words', description: terms.join(', ') });
  await page.goto('/search/');
  // Every result, not only the 20 the page shows. Pagefind forgives typos, so a word may still
  // match public pages ("password" finds "passed"): what matters is that no private page comes back.
  const found = await page.evaluate(async (terms) => {
    const url = '/pagefind/pagefind.js';
    const pagefind = await import(url);
    const urls: string[] = [];
    for (const term of terms) {
      const search = await pagefind.search(term);
      for (const result of search.results) urls.push((await result.data()).url);
    }
    return urls;
  }, terms);
  expect(found.filter((url) => PRIVATE.test(url) || url.startsWith('/search/'))).toEqual([]);
});

test('/search/ with a search done: no axe violations, no other origin, no cookies or storage', async ({ page, baseURL }) => {
  const otherOrigins = watchOtherOrigins(page, baseURL!);
  await page.goto('/search/');
  expect(await markupProblems(page)).toEqual([]);
  await page.getByLabel('Search the site').fill('consent');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status')).toHaveText(/results? for “consent”/);
  expect(await markupProblems(page)).toEqual([]);
  expect(await browserTraces(page)).toEqual({ cookies: 0, local: 0, session: 0, indexedDB: 0 });
  expect(otherOrigins).toEqual([]);
});

test('without JavaScript /search/ explains itself and links to the lists, with no form that cannot work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/search/');
  await expect(page.getByRole('search')).toBeHidden();
  await expect(page.getByText('Search needs JavaScript')).toBeVisible();
  for (const href of ['/resources/', '/poems/', '/training/', '/materials/']) {
    await expect(page.locator(`main a[href="${href}"]`).first()).toBeVisible();
  }
  await context.close();
});

test('/search/ as it is before its script runs has no axe violations', async ({ page }) => {
  // axe itself needs JavaScript, so put the page back in the state it has without it.
  await page.goto('/search/');
  await page.evaluate(() => {
    document.querySelector<HTMLFormElement>('[data-search-form]')!.hidden = true;
    document.querySelector<HTMLElement>('[data-search-nojs]')!.hidden = false;
  });
  await expect(page.getByText('Search needs JavaScript')).toBeVisible();
  expect(await markupProblems(page)).toEqual([]);
});

test("Pagefind's fallback without its worker runs on /search/ only: no other page allows WebAssembly", async ({ page }) => {
  const mainThreadSearch = () =>
    page.evaluate(async () => {
      try {
        // A variable, so TypeScript does not look for a module that only exists in the built site.
        const url = '/pagefind/pagefind.js';
        const pagefind = await import(url);
        await pagefind.options({ noWorker: true });
        return (await pagefind.search('grooming')).results.length > 0 ? 'found' : 'nothing';
      } catch (error) {
        return `failed: ${(error as Error).message.slice(0, 80)}`;
      }
    });
  await page.goto('/search/');
  expect(await mainThreadSearch()).toBe('found');
  await page.goto('/resources/');
  expect(await mainThreadSearch()).toMatch(/^failed: .*WASM/);
});

test("only /search/ allows WebAssembly in its CSP: Pagefind needs it and no other page does", async ({ request }) => {
  const cspOf = async (path: string) => (await request.get(path)).headers()['content-security-policy'] ?? '';
  expect(await cspOf('/search/')).toContain("'wasm-unsafe-eval'");
  for (const path of ['/', '/resources/', '/resources/how-grooming-works/', '/poems/', '/share/', '/no-such-page/']) {
    const csp = await cspOf(path);
    expect(csp, path).toContain('script-src');
    expect(csp, path).not.toContain('wasm-unsafe-eval');
  }
});
