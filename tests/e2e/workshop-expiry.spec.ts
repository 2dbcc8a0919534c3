// A workshop code stops working when it expires, end to end. The server is told that codes last
// at most 0.003 hours (about 11 seconds) with WORKSHOP_CODE_MAX_HOURS, a documented setting; the
// same rule is unit-tested with an injected clock (tests/unit/workshopCodes.test.ts).
import { test, expect } from '@playwright/test';
import { readData, serveSeeded, type Account } from './support/seed';
import type { TestServer } from './support/server';
import { signIn } from './support/signIn';
import { choose } from './support/share';

const DONCASTER: Account = { email: 'doncaster@example.org', role: 'facilitator', place: 'doncaster', password: 'doncaster password 12' };
let server: TestServer;
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [DONCASTER] }, { SHARE_MIN_SECONDS: '0', WORKSHOP_CODE_MAX_HOURS: '0.003' });
});
test.afterAll(async () => server?.stop());

const data = () => readData(server.dataDir);

test('a workshop code works until it expires, then gets a kind message and the words are kept', async ({ page, browser }) => {
  await signIn(page, server.url, DONCASTER);
  await page.goto(`${server.url}/moderate/workshops`);
  await expect(page.locator('main')).toContainText('A code works for at most 0.003 hours');
  await page.getByLabel('1 hour').check();
  await page.getByRole('button', { name: 'Make a code' }).click();
  const code = /New code: (\w{6})\./.exec(await page.locator('[data-flash]').innerText())![1]!;
  const expiresAt = Date.parse(data().workshopCodes.find((c) => c.code === code)!.expiresAt);

  const context = await browser.newContext();
  const young = await context.newPage();
  const send = async (body: string) => {
    await young.goto(`${server.url}/share/`);
    await choose(young, 'kind', 'poem');
    await young.getByLabel('Your words').fill(body);
    await choose(young, 'publish', 'no');
    await young.getByLabel('Workshop code (if your group leader gave you one)').fill(code);
    await young.getByRole('button', { name: 'Send my words' }).click();
  };
  const inTime = `Before the bell. ${Date.now()}`;
  await send(inTime);
  await expect(young.locator('[data-receipt]')).toBeVisible();
  expect(data().submissions.find((s) => s.body === inTime)).toMatchObject({ place: 'doncaster' });
  expect(Date.now()).toBeLessThan(expiresAt);

  await young.waitForTimeout(Math.max(0, expiresAt - Date.now() + 250));
  const late = `After the bell. ${Date.now()}`;
  await send(late);
  await expect(young.locator('[data-error-summary]')).toContainText('That workshop code has run out');
  await expect(young.getByLabel('Your words')).toHaveValue(late);
  expect(data().submissions.some((s) => s.body === late)).toBe(false);
  await page.reload();
  await expect(page.locator(`[data-code="${code}"]`)).toHaveAttribute('data-live', 'false');
  await context.close();
});
