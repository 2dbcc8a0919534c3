import { test, expect } from '@playwright/test';

const WARNED_POEM = '/poems/believe-me/';

for (const javaScriptEnabled of [false, true]) {
  test(`a warned poem shows its warnings first and reveals on request (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled, baseURL: baseURL! });
    const page = await context.newPage();
    await page.goto(WARNED_POEM);
    const warning = page.locator('details[data-content-warning]');
    await expect(warning.locator('summary')).toContainText('exploitation');
    const poem = warning.locator('.poem');
    await expect(poem).toBeHidden();
    await warning.locator('summary').click();
    await expect(poem).toBeVisible();
    await context.close();
  });
}

test('lists show no excerpt of a warned poem', async ({ page }) => {
  await page.goto('/poems/');
  const card = page.locator('.card', { has: page.locator(`a[href="${WARNED_POEM}"]`) });
  await expect(card).toContainText('Content note: exploitation');
  const body = await page.request.get(WARNED_POEM).then((r) => r.text());
  const firstLine = body.match(/<div class="poem"><p>([^<\\]+)/)?.[1]?.trim();
  expect(firstLine).toBeTruthy();
  await expect(card).not.toContainText(firstLine!);
});

test('an unwarned poem shows at once, with its line breaks', async ({ page }) => {
  await page.goto('/poems/quiet-brave/');
  await expect(page.locator('details[data-content-warning]')).toHaveCount(0);
  await expect(page.locator('.poem')).toBeVisible();
  expect(await page.locator('.poem br').count()).toBeGreaterThan(3);
});

test('the theme filter is plain links listing exactly the poems with that theme', async ({ page }) => {
  await page.goto('/poems/');
  await page.getByRole('link', { name: 'Friendship' }).click();
  await expect(page).toHaveURL(/\/poems\/theme\/friendship\/$/);
  const titles = await page.locator('.card h2 a').allInnerTexts();
  expect(titles.length).toBeGreaterThan(0);
  for (const href of await page.locator('.card h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
    await page.goto(href);
    await expect(page.locator('.tags').last()).toContainText('Friendship');
  }
});

test('the film plays natively with captions on by default and a transcript', async ({ page }) => {
  await page.goto('/films/');
  await page.locator('.card h2 a').first().click();
  const video = page.locator('video');
  await expect(video).toHaveAttribute('controls', '');
  await expect(video).toHaveAttribute('preload', 'metadata');
  expect(await video.getAttribute('autoplay')).toBeNull();
  const track = video.locator('track');
  await expect(track).toHaveAttribute('kind', 'captions');
  await expect(track).toHaveAttribute('default', '');
  const vtt = await page.request.get((await track.getAttribute('src'))!);
  expect(vtt.status()).toBe(200);
  expect((await vtt.text()).startsWith('WEBVTT')).toBe(true);
  await expect(page.getByRole('heading', { name: 'Transcript' })).toBeVisible();
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
});
