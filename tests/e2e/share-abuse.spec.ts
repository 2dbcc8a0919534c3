import { test, expect } from '@playwright/test';
import { readData } from './support/seed';
import { startServer, type TestServer } from './support/server';
import { markupProblems } from './support/markup';
import { fillShareForm } from './support/share';

// Its own server, with the limits switched on and low enough to reach. The form must be open for
// MIN_SECONDS: long enough that a loaded machine still fills and sends it sooner in the first test.
const MIN_SECONDS = 4;
const PAST_MIN_MS = MIN_SECONDS * 1000 + 100;
let server: TestServer;
test.beforeAll(async () => {
  server = await startServer({ SHARE_MIN_SECONDS: String(MIN_SECONDS), SHARE_LIMIT_10MIN: '2', SHARE_LIMIT_DAY: '20', STATUS_LIMIT_10MIN: '3' });
});
test.afterAll(async () => server.stop());
test.use({ javaScriptEnabled: false });

test('sending faster than a person could is refused kindly, with the words kept', async ({ page }) => {
  await page.goto(`${server.url}/share/`);
  await fillShareForm(page, { body: 'Too quick' });
  await page.getByRole('button', { name: 'Send my words' }).click();
  await expect(page.locator('[data-share-notice]')).toContainText('press Send again');
  await expect(page.getByLabel('Your words')).toHaveValue('Too quick');
  expect(await markupProblems(page, 'share-too-fast')).toEqual([]);
  expect(readData(server.dataDir).submissions).toHaveLength(0);
});

test('the honeypot refuses politely and keeps the words', async ({ page }) => {
  await page.goto(`${server.url}/share/`);
  await fillShareForm(page, { body: 'From a bot' });
  await page.locator('#website').fill('http://spam.example', { force: true });
  await page.waitForTimeout(PAST_MIN_MS);
  await page.getByRole('button', { name: 'Send my words' }).click();
  await expect(page.locator('[data-share-notice]')).toContainText("we couldn't send that");
  await expect(page.getByLabel('Your words')).toHaveValue('From a bot');
  expect(await markupProblems(page, 'share-honeypot')).toEqual([]);
  expect(readData(server.dataDir).submissions.filter((s) => s.body === 'From a bot')).toHaveLength(0);
});

test('the rate limit gives a kind 429 page and keeps the words', async ({ page }) => {
  for (let i = 1; i <= 3; i++) {
    await page.goto(`${server.url}/share/`);
    await fillShareForm(page, { body: `Limited ${i}` });
    await page.waitForTimeout(PAST_MIN_MS);
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send my words' }).click();
    const status = (await response).status();
    if (i < 3) {
      expect(status).toBe(200);
      await expect(page.locator('[data-receipt]')).toBeVisible();
    } else {
      expect(status).toBe(429);
      expect((await response).headers()['retry-after']).toMatch(/^\d+$/);
      await expect(page.locator('[data-share-notice]')).toContainText('please wait about');
      await expect(page.getByLabel('Your words')).toHaveValue('Limited 3');
      expect(await markupProblems(page, 'share-rate-limited')).toEqual([]);
    }
  }
  expect(readData(server.dataDir).submissions.filter((s) => s.body?.startsWith('Limited'))).toHaveLength(2);
});

test('receipt look-ups are rate limited', async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await request.post(`${server.url}/share/status/?_action=shareStatus`, { form: { code: 'ABCD-EFGH-JKMN-PQRS' }, headers: { Origin: server.url } })).status());
  }
  expect(statuses).toEqual([404, 404, 404, 429]);
});

test('a body far over the limit is refused with 413', async ({ request }) => {
  const response = await request.post(`${server.url}/share/?_action=share`, { form: { body: 'x'.repeat(200_000) }, headers: { Origin: server.url } });
  expect(response.status()).toBe(413);
});
