import type { Page, APIRequestContext } from '@playwright/test';

/** Every page path listed in the sitemap, relative to the server under test. */
export async function sitemapPaths(request: APIRequestContext): Promise<string[]> {
  const index = await (await request.get('/sitemap-index.xml')).text();
  const paths: string[] = [];
  for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const map = await (await request.get(new URL(loc!).pathname)).text();
    for (const [, page] of map.matchAll(/<loc>([^<]+)<\/loc>/g)) paths.push(new URL(page!).pathname);
  }
  return paths;
}

/** Records every request the page makes to an origin other than the server under test. */
export function watchOtherOrigins(page: Page, baseURL: string): string[] {
  const origin = new URL(baseURL).origin;
  const seen: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) seen.push(url);
  });
  return seen;
}

/** What the page left in the browser: cookies and every kind of storage. */
export async function browserTraces(page: Page) {
  const cookies = await page.context().cookies();
  const storage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).length,
  }));
  return { cookies: cookies.length, ...storage };
}
