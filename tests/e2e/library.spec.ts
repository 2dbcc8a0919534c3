import { test, expect, type Page } from '@playwright/test';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { sitemapPaths } from './support/site';
import { ROOT, asDate, readContent, readPlaces, type MaterialFile, type ResourceFile } from './support/content';

const resources = readContent<ResourceFile>('resources');
const materials = readContent<MaterialFile>('materials');
const titleOf = (id: string) => resources.find((r) => r.id === id)!.data.title;

/** The resources a list page links to, in page order, as ids. */
async function listedResources(page: Page): Promise<string[]> {
  const hrefs = await page.locator('main .card h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  return hrefs.map((href) => /^\/resources\/([^/]+)\/$/.exec(href)?.[1] ?? `not a resource: ${href}`);
}

const ALL_AUDIENCES = [...new Set(resources.flatMap((r) => r.data.audience))];
const ALL_TOPICS = [...new Set(resources.flatMap((r) => r.data.topics))];

test('/resources/ lists every resource, A to Z by title', async ({ page }) => {
  await page.goto('/resources/');
  const listed = await listedResources(page);
  const expected = resources.map((r) => r.id).sort((a, b) => titleOf(a).localeCompare(titleOf(b), 'en-GB'));
  expect(listed).toEqual(expected);
});

test('each audience filter page lists exactly the resources for that audience', async ({ page }) => {
  expect(ALL_AUDIENCES.length).toBe(3);
  for (const audience of ALL_AUDIENCES) {
    const response = await page.goto(`/resources/audience/${audience}/`);
    expect(response?.status(), audience).toBe(200);
    const expected = resources.filter((r) => r.data.audience.includes(audience)).map((r) => r.id);
    expect((await listedResources(page)).sort(), audience).toEqual(expected.sort());
    await expect(page.locator(`a[href="/resources/audience/${audience}/"]`)).toHaveAttribute('aria-current', 'page');
  }
});

test('each topic filter page lists exactly the resources on that topic', async ({ page }) => {
  expect(ALL_TOPICS.length).toBe(10);
  for (const topic of ALL_TOPICS) {
    await page.goto(`/resources/topic/${topic}/`);
    const expected = resources.filter((r) => r.data.topics.includes(topic)).map((r) => r.id);
    expect((await listedResources(page)).sort(), topic).toEqual(expected.sort());
    await expect(page.locator(`a[href="/resources/topic/${topic}/"]`)).toHaveAttribute('aria-current', 'page');
  }
});

test('the filters are plain links that work without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/resources/');
  await page.getByRole('navigation', { name: 'Topic' }).getByRole('link', { name: 'Missing from home' }).click();
  await expect(page).toHaveURL(/\/resources\/topic\/missing-from-home\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Resources: Missing from home');
  await context.close();
});

test.describe('downloads', () => {
  const withDownloads = resources.filter((r) => r.data.download);
  const TYPES: Record<string, { mime: RegExp; kind: string }> = {
    '.pdf': { mime: /^application\/pdf$/, kind: 'PDF' },
    '.txt': { mime: /^text\/plain(; charset=utf-8)?$/, kind: 'Plain text' },
  };

  test('each download is served with the type it claims, and its page shows its real size', async ({ page, request }) => {
    expect(withDownloads.length).toBeGreaterThanOrEqual(3);
    for (const { id, data } of withDownloads) {
      const file = data.download!.file;
      const type = TYPES[file.slice(file.lastIndexOf('.'))];
      expect(type, `${file}: add its type to this test`).toBeDefined();
      const bytes = statSync(join(ROOT, 'public', file)).size;

      const served = await request.get(file);
      expect(served.status(), file).toBe(200);
      expect(served.headers()['content-type'], file).toMatch(type!.mime);
      expect((await served.body()).length, file).toBe(bytes);

      await page.goto(`/resources/${id}/`);
      const link = page.getByRole('link', { name: data.download!.label });
      await expect(link).toHaveAttribute('href', file);
      const size = bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
      await expect(page.locator('[data-download-facts]')).toHaveText(`(${type!.kind}, ${size})`);
    }
  });
});

test('a resource past its review date says so on its page and in the lists; the others do not', async ({ page }) => {
  const today = new Date();
  const overdue = resources.filter((r) => asDate(r.data.reviewDue) <= today);
  expect(overdue.length).toBeGreaterThanOrEqual(2);
  for (const { id, data } of resources) {
    await page.goto(`/resources/${id}/`);
    const note = page.getByText(/^Review overdue since /);
    if (overdue.some((r) => r.id === id)) {
      const due = asDate(data.reviewDue).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      await expect(note, id).toHaveText(`Review overdue since ${due}.`);
    } else {
      await expect(note, id).toHaveCount(0);
      await expect(page.getByText(/Next review due/), id).toBeVisible();
    }
  }
  await page.goto('/resources/');
  const flagged = await page.locator('.card', { has: page.locator('.review-flag') }).locator('h3 a').allTextContents();
  expect(flagged.sort()).toEqual(overdue.map((r) => r.data.title).sort());
});

test('the printed resource leaves out navigation, the exit button, skip links, footer and filters', async ({ page }) => {
  for (const path of ['/resources/first-conversation-checklist/', '/resources/', '/materials/wellbeing-check-out/']) {
    await page.goto(path);
    await expect(page.locator('.exit-this-page__button')).toBeVisible();
    await expect(page.locator('.site-nav')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.exit-this-page', '.site-nav', '.site-footer', '.skip-link', '.filters', '.no-print']) {
      const visible = await page.locator(selector).evaluateAll((els) => els.filter((el) => getComputedStyle(el).display !== 'none').length);
      expect(visible, `${path} ${selector} in print`).toBe(0);
    }
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.emulateMedia({ media: 'screen' });
  }
});

test('training pages give audience, length, what people learn and how to ask for a place', async ({ page }) => {
  const courses = readContent<{ title: string; audience: string; length: string; outcomes: string[] }>('training');
  expect(courses.length).toBeGreaterThanOrEqual(4);
  await page.goto('/training/');
  for (const { id, data } of courses) await expect(page.locator(`a[href="/training/${id}/"]`)).toHaveText(data.title);
  for (const { id, data } of courses) {
    await page.goto(`/training/${id}/`);
    const main = page.locator('main');
    await expect(main).toContainText(data.audience);
    await expect(main).toContainText(data.length);
    for (const outcome of data.outcomes) await expect(main.getByRole('listitem').filter({ hasText: outcome }).first()).toBeVisible();
    await expect(page.getByRole('heading', { name: 'How to ask for a place' })).toBeVisible();
    await expect(main).toContainText('Training enquiries');
    await expect(main.locator('form')).toHaveCount(0);
  }
});

test('/participation/ explains joining through a worker, lists every group material and links to you said, we did', async ({ page }) => {
  await page.goto('/participation/');
  const main = page.locator('main');
  await expect(main.locator('form')).toHaveCount(0);
  await expect(main).toContainText('Ask your worker');
  await expect(main).toContainText('Karen Bradley MP');
  const list = main.locator('section', { has: page.getByRole('heading', { level: 3 }) });
  for (const { id, data } of materials) await expect(list.locator(`a[href="/materials/${id}/"]`)).toHaveText(data.title);
  await main.getByRole('link', { name: /you said, we did/i }).last().click();
  await expect(page).toHaveURL(/\/you-said-we-did\/$/);
  const entries = readContent<{ title: string }>('you-said-we-did');
  for (const { data } of entries) await expect(page.getByRole('heading', { name: data.title })).toBeVisible();
});

test('a facilitator finds a session plan from /materials/', async ({ page }) => {
  await page.goto('/materials/');
  const plans = page.locator('section', { has: page.getByRole('heading', { name: 'Session plans', level: 2 }) });
  await plans.getByRole('link').first().click();
  await expect(page.locator('.facts')).toContainText('Session plan');
});

test('/network/ lists each hub with its spokes, and each place page lists its own and shared materials', async ({ page }) => {
  const places = readPlaces();
  await page.goto('/network/');
  for (const hub of places.filter((p) => p.kind === 'hub')) {
    const card = page.locator('.card', { has: page.getByRole('heading', { name: hub.name, level: 2 }) });
    const spokes = await card.locator('li a').allTextContents();
    expect(spokes, hub.id).toEqual(places.filter((p) => p.hub === hub.id).map((p) => p.name));
  }
  for (const place of places) {
    await page.goto(`/network/${place.id}/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(place.name);
    await expect(page.locator('main')).toContainText(place.reach.trim());
    const linked = await page.locator('main a[href^="/materials/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const expected = materials.filter((m) => !m.data.places?.length || m.data.places.includes(place.id)).map((m) => `/materials/${m.id}/`);
    expect(linked.sort(), place.id).toEqual(expected.sort());
  }
});

test('the sitemap lists the library pages, so axe, origin and budget checks cover them', async ({ request }) => {
  const paths = await sitemapPaths(request);
  for (const path of ['/resources/', '/training/', '/materials/', '/participation/', '/you-said-we-did/', '/network/', '/search/']) expect(paths).toContain(path);
  for (const { id } of resources) expect(paths).toContain(`/resources/${id}/`);
  for (const audience of ALL_AUDIENCES) expect(paths).toContain(`/resources/audience/${audience}/`);
  for (const topic of ALL_TOPICS) expect(paths).toContain(`/resources/topic/${topic}/`);
  for (const place of readPlaces()) expect(paths).toContain(`/network/${place.id}/`);
});
