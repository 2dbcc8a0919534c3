import { test, expect } from '@playwright/test';
import { markupProblems } from './support/markup';
import { sitemapPaths, watchOtherOrigins, browserTraces } from './support/site';

test('the sitemap lists the public pages', async ({ request }) => {
  const paths = await sitemapPaths(request);
  for (const path of ['/', '/poems/', '/films/', '/help/', '/safety/', '/privacy/', '/about/']) expect(paths).toContain(path);
  expect(paths.some((p) => p.startsWith('/poems/theme/'))).toBe(true);
  expect(paths.filter((p) => p.startsWith('/moderate'))).toEqual([]);
});

// The sitemap's pages in parts, so both workers share the slowest check in the suite.
const PARTS = 4;
test.describe('every sitemap page: 200, nothing the markup checkers find, nothing from another origin, no cookies or storage', () => {
  test.describe.configure({ mode: 'parallel' });
  for (let part = 0; part < PARTS; part++) {
    test(`part ${part + 1} of ${PARTS}`, async ({ page, request, baseURL }) => {
      test.setTimeout(300_000);
      const all = await sitemapPaths(request);
      expect(all.length).toBeGreaterThan(10);
      const paths = all.filter((_, i) => i % PARTS === part);
      const otherOrigins = watchOtherOrigins(page, baseURL!);
      const failures: string[] = [];
      for (const path of paths) {
        const response = await page.goto(path);
        if (response?.status() !== 200) failures.push(`${path}: status ${response?.status()}`);
        for (const v of await markupProblems(page)) failures.push(`${path}: ${v}`);
        // Open every content warning so the checkers see what is behind it too.
        const warned = page.locator('details[data-content-warning]');
        if (await warned.count()) {
          for (const summary of await warned.locator('summary').all()) await summary.click();
          for (const v of await markupProblems(page)) failures.push(`${path} (opened): ${v}`);
        }
        const traces = await browserTraces(page);
        if (traces.cookies || traces.local || traces.session || traces.indexedDB) failures.push(`${path}: left ${JSON.stringify(traces)}`);
      }
      expect(failures).toEqual([]);
      expect(otherOrigins).toEqual([]);
    });
  }
});

test('an unknown address gets the kind 404 page', async ({ page }) => {
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Sorry, we can't find that page");
  await expect(page.getByRole('link', { name: 'Get help now' }).first()).toBeVisible();
  await expect(page.locator('[data-exit-link]').first()).toBeVisible();
  expect(await markupProblems(page)).toEqual([]);
});

test('get help lists the real national helplines and nothing invented', async ({ page }) => {
  await page.goto('/help/');
  const text = await page.locator('main').innerText();
  for (const number of ['999', '0800 1111', '116 123', '101', '0800 555 111', '0808 800 5000']) expect(text).toContain(number);
  const phones = text.match(/\b0\d{3}[ \d]{6,9}\d\b/g) ?? [];
  for (const phone of phones) expect(['0800 1111', '0800 555 111', '0808 800 5000']).toContain(phone.trim());
  await expect(page.getByRole('link', { name: 'Call 0800 1111' })).toHaveAttribute('href', 'tel:08001111');
});
