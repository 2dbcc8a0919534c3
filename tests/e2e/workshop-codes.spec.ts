// Workshop codes in the browser: a code sends the words to its place and prompt, ended early it
// stops working, another place's code is out of reach, and guessing codes is refused kindly.
import { test, expect } from '@playwright/test';
import { markupProblems } from './support/markup';
import { BARNSLEY, csrfOf, fillWords, HOUR, ownBrowser, postFrom, SHEFFIELD } from './support/participation';
import { readData, serveSeeded } from './support/seed';
import type { TestServer } from './support/server';
import { signIn } from './support/signIn';

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [SHEFFIELD, BARNSLEY] }, { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0' });
});
test.afterAll(async () => server?.stop());

const data = () => readData(server.dataDir);
const CODE_FIELD = 'Workshop code (if your group leader gave you one)';

test('a workshop code sends the words to its place and prompt, and the form works without one', async ({ page, browser }) => {
  await signIn(page, server.url, SHEFFIELD);
  // A question for the hub, then a code for one of its spokes.
  await page.goto(`${server.url}/moderate/prompts`);
  await page.getByLabel('Question', { exact: true }).fill('What should a youth club never do?');
  await page.getByLabel('Who it is for').selectOption('sheffield');
  await page.getByRole('button', { name: 'Save question' }).click();
  const hubPrompt = page.url().split('/').pop()!;
  await page.getByRole('link', { name: 'Workshop codes' }).click();
  expect(await markupProblems(page, 'workshops')).toEqual([]);
  expect(await page.getByLabel('Where the words go').locator('option').allTextContents()).toEqual(['Choose a place', 'Sheffield', 'Barnsley', 'Doncaster']);
  // A code needs a place: the error, with what was chosen kept.
  await page.getByLabel('3 hours').check();
  await page.getByRole('button', { name: 'Make a code' }).click();
  await expect(page.locator('[data-error-summary]')).toBeVisible();
  await expect(page.getByLabel('3 hours')).toBeChecked();
  expect(await markupProblems(page, 'workshops-errors')).toEqual([]);
  await page.getByLabel('Where the words go').selectOption('doncaster');
  await page.getByLabel('Question they are answering (optional)').selectOption(hubPrompt);
  await page.getByLabel('3 hours').check();
  await page.getByRole('button', { name: 'Make a code' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/workshops`);
  const flash = await page.locator('[data-flash]').innerText();
  const code = /New code: ([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6})\./.exec(flash)![1]!;
  const row = page.locator(`[data-code="${code}"]`);
  await expect(row).toContainText('Doncaster');
  await expect(row).toContainText('What should a youth club never do?');
  expect(await markupProblems(page, 'workshops-made')).toEqual([]);
  const stored = data().workshopCodes.find((c) => c.code === code)!;
  expect(Date.parse(stored.expiresAt) - Date.parse(stored.createdAt)).toBe(3 * HOUR);

  const young = await ownBrowser(browser);
  // An unknown code: a kind message, the words kept, nothing stored.
  const body = `Somewhere to sit that isn't the bus stop. ${Date.now()}`;
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, body);
  await young.page.getByLabel(CODE_FIELD).fill('ZZZ ZZZ');
  const refused = young.page.waitForResponse((r) => r.request().method() === 'POST');
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  expect((await refused).status()).toBe(400);
  await expect(young.page.locator('[data-error-summary]')).toContainText("We don't recognise that workshop code");
  await expect(young.page.locator('#workshop-error')).toContainText('empty the box to send your words without a code');
  await expect(young.page.getByLabel('Your words')).toHaveValue(body);
  await expect(young.page.getByLabel(CODE_FIELD)).toHaveValue('ZZZ ZZZ');
  expect(await markupProblems(young.page, 'share-unknown-code')).toEqual([]);
  expect(data().submissions.some((s) => s.body === body)).toBe(false);
  // The right code, typed in lower case with a space: to Doncaster and the hub's question, though no place was chosen.
  await young.page.getByLabel(CODE_FIELD).fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  expect(data().submissions.find((s) => s.body === body)).toMatchObject({ place: 'doncaster', promptId: hubPrompt });
  expect(JSON.stringify(data().submissions.find((s) => s.body === body))).not.toContain(code);

  // Without a code the form works as ever.
  const plain = `No code this time. ${Date.now()}`;
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, plain);
  await young.page.locator('#place-derby').check();
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  expect(data().submissions.find((s) => s.body === plain)).toMatchObject({ place: 'derby', promptId: null });

  // Ended early, the code stops working: "it has run out".
  await page.reload();
  await row.getByRole('button', { name: /End now/ }).click();
  await expect(page.locator('[data-flash]')).toContainText('stopped working');
  await expect(page.locator(`[data-code="${code}"]`)).toHaveAttribute('data-live', 'false');
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, `Too late. ${Date.now()}`);
  await young.page.getByLabel(CODE_FIELD).fill(code);
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('#workshop-error')).toContainText('That workshop code has run out');
  expect(await markupProblems(young.page, 'share-code-run-out')).toEqual([]);
  await young.close();

  const audit = data().audit;
  expect(audit).toContainEqual(expect.objectContaining({ action: 'workshop-code-create', target: stored.id }));
  expect(audit).toContainEqual(expect.objectContaining({ action: 'workshop-code-end', target: stored.id }));
  expect(JSON.stringify(audit)).not.toContain(code);
});

test("another place's code is a 404, making one needs your place and the CSRF token, and the page needs signing in", async ({ page, browser }) => {
  const signedOut = await browser.newContext();
  const response = await signedOut.request.get(`${server.url}/moderate/workshops`, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe('/moderate/login');
  await signedOut.close();

  await signIn(page, server.url, BARNSLEY);
  await page.goto(`${server.url}/moderate/workshops`);
  const csrf = await csrfOf(page);
  // A form whose token no longer matches the session (signed out and in elsewhere): refused, and said so.
  await page.getByLabel('1 hour').check();
  await page.locator('form', { has: page.getByRole('button', { name: 'Make a code' }) }).locator('input[name="csrf"]').evaluate((input: HTMLInputElement) => (input.value = 'out-of-date'));
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Make a code' }).click();
  expect((await refused).status()).toBe(403);
  await expect(page.locator('.notice[role="alert"]')).toContainText('That form was out of date, so nothing was changed');
  await expect(page.getByLabel('1 hour')).toBeChecked();
  expect(await markupProblems(page, 'workshops-out-of-date')).toEqual([]);
  const post = postFrom(page, server.url);
  // Doncaster's code (made by Sheffield's facilitator) cannot be ended from Barnsley.
  const doncasterCode = data().workshopCodes[0];
  expect(doncasterCode).toBeDefined();
  expect((await post('/moderate/workshops?_action=workshopEnd', { csrf, id: doncasterCode!.id })).status()).toBe(404);
  // Making a code for another place, or for too long, is refused as an error, and nothing is made.
  const before = data().workshopCodes.length;
  expect((await post('/moderate/workshops?_action=workshopCreate', { csrf, place: 'derby', prompt: '', hours: '2' })).status()).toBe(400);
  expect((await post('/moderate/workshops?_action=workshopCreate', { csrf, place: 'barnsley', prompt: '', hours: '13' })).status()).toBe(400);
  for (const token of [undefined, '', 'wrong']) {
    expect((await post('/_actions/workshopCreate', { ...(token !== undefined && { csrf: token }), place: 'barnsley', prompt: '', hours: '2' })).status()).toBe(403);
  }
  expect(data().workshopCodes.length).toBe(before);
});

test('guessing codes: after 10 wrong ones, a kind refusal (429) with the words kept', async ({ browser }) => {
  // Every browser test here comes from one address, so this runs last on this server.
  const young = await ownBrowser(browser);
  const body = `Trying codes. ${Date.now()}`;
  await young.page.goto(`${server.url}/share/`);
  await fillWords(young.page, body);
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    await young.page.getByLabel(CODE_FIELD).fill(`WRONG${'23456789ABCD'[i]}`);
    const response = young.page.waitForResponse((r) => r.request().method() === 'POST');
    await young.page.getByRole('button', { name: 'Send my words' }).click();
    statuses.push((await response).status());
  }
  // Two earlier wrong codes on this server (the first test) count too.
  expect(statuses.slice(0, 8)).toEqual(Array(8).fill(400));
  expect(statuses.at(-1)).toBe(429);
  await expect(young.page.locator('#workshop-error')).toContainText("That's a lot of codes tried, so please wait about");
  await expect(young.page.getByLabel('Your words')).toHaveValue(body);
  expect(await markupProblems(young.page, 'share-codes-refused')).toEqual([]);
  // Without a code, the words still go.
  await young.page.getByLabel(CODE_FIELD).fill('');
  await young.page.locator('#place-barnsley').check();
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  await young.close();
});
