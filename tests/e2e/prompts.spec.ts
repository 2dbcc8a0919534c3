// Prompts in the browser: a facilitator asks a question, a young person finds and answers it,
// the queue filters by it; and another place's question is out of reach, with the same sign-in,
// scope and CSRF rules as moderation.
import { test, expect } from '@playwright/test';
import { markupProblems } from './support/markup';
import { BARNSLEY, csrfOf, DERBY_PROMPT, fillWords, HUB_PROMPT, ownBrowser, postFrom } from './support/participation';
import { readData, serveSeeded } from './support/seed';
import type { TestServer } from './support/server';
import { signIn } from './support/signIn';

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [BARNSLEY], prompts: [HUB_PROMPT, DERBY_PROMPT] }, { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0' });
});
test.afterAll(async () => server?.stop());

const QUESTION = 'What should police know when they talk to you?';
const ANSWER = `Listen before you decide what happened. ${Date.now()}`;

test('a question asked, found and answered by a young person, then found by it in the queue', async ({ page, browser }) => {
  await signIn(page, server.url, BARNSLEY);
  await page.getByRole('link', { name: 'Prompts' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/prompts`);
  expect(await markupProblems(page, 'prompts')).toEqual([]);
  // Errors first, the GOV.UK way, with what was typed kept.
  await page.getByLabel('Context (optional)').fill('We take your answers to the police training day.');
  await page.getByRole('button', { name: 'Save question' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Enter the question');
  await expect(page.locator('[data-error-summary]')).toContainText('Choose who the question is for');
  await expect(page.getByLabel('Context (optional)')).toHaveValue('We take your answers to the police training day.');
  expect(await markupProblems(page, 'prompts-errors')).toEqual([]);
  // A spoke facilitator can ask only their spoke.
  expect(await page.getByLabel('Who it is for').locator('option').allTextContents()).toEqual(['Choose a place', 'Barnsley']);
  await page.getByLabel('Question', { exact: true }).fill(QUESTION);
  await page.getByLabel('Who it is for').selectOption('barnsley');
  await page.getByRole('button', { name: 'Save question' }).click();
  await expect(page).toHaveURL(new RegExp(`${server.url}/moderate/prompts/[A-Za-z0-9_-]{12}$`));
  const promptId = page.url().split('/').pop()!;
  await expect(page.locator('[data-flash]')).toContainText('Question saved');
  await expect(page.locator('[data-prompt-state]')).toHaveText('Open');
  expect(await markupProblems(page, 'prompt-open')).toEqual([]);

  // A young person finds it, reads it and answers it, leaving "where are you?" unanswered.
  const young = await ownBrowser(browser);
  await young.page.goto(`${server.url}/have-your-say/`);
  expect(await markupProblems(young.page, 'have-your-say')).toEqual([]);
  await young.page.getByRole('link', { name: QUESTION }).click();
  await expect(young.page).toHaveURL(`${server.url}/have-your-say/${promptId}/`);
  await expect(young.page.locator('main')).toContainText('We take your answers to the police training day.');
  expect(await markupProblems(young.page, 'have-your-say-question')).toEqual([]);
  await young.page.getByRole('link', { name: 'Answer this question' }).click();
  await expect(young.page).toHaveURL(`${server.url}/share/?prompt=${promptId}`);
  await expect(young.page.locator(`[data-share-prompt="${promptId}"]`)).toContainText(QUESTION);
  await expect(young.page.locator('input[name="prompt"]')).toHaveValue(promptId);
  expect(await markupProblems(young.page, 'share-answering')).toEqual([]);
  await fillWords(young.page, ANSWER, 'Kestrel');
  await young.page.getByRole('button', { name: 'Send my words' }).click();
  await expect(young.page.locator('[data-receipt]')).toBeVisible();
  const answer = readData(server.dataDir).submissions.find((s) => s.body === ANSWER)!;
  expect(answer).toMatchObject({ promptId, place: 'barnsley' });
  // A link to an unknown question is let go without a word.
  await young.page.goto(`${server.url}/share/?prompt=no-such-question`);
  await expect(young.page.locator('[data-share-notice]')).toHaveCount(0);
  await expect(young.page.locator('[data-share-prompt]')).toHaveCount(0);
  expect((await young.page.request.get(`${server.url}/have-your-say/no-such-question/`)).status()).toBe(404);
  await young.close();

  // The facilitator finds it by prompt in the queue and publishes it.
  await page.goto(`${server.url}/moderate/`);
  await page.getByLabel('Prompt').selectOption(promptId);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`prompt=${promptId}`));
  await expect(page.locator('.queue__item')).toHaveCount(1);
  await expect(page.locator(`[data-item="${answer.id}"]`)).toBeVisible();
  expect(await markupProblems(page, 'queue-by-prompt')).toEqual([]);
  await page.locator(`[data-item="${answer.id}"]`).getByRole('link', { name: /Open/ }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=publish`);

  // Audited by id, never with the words.
  const audit = readData(server.dataDir).audit;
  expect(audit).toContainEqual(expect.objectContaining({ action: 'prompt-create', target: promptId }));
  expect(JSON.stringify(audit)).not.toMatch(/police|Listen before/i);
});

test("another place's question is a 404, a hub's is seen but not changed, every action needs the CSRF token, and pages need signing in", async ({ page, browser }) => {
  const signedOut = await browser.newContext();
  for (const path of ['/moderate/prompts', `/moderate/prompts/${DERBY_PROMPT.id}`]) {
    const response = await signedOut.request.get(`${server.url}${path}`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers().location).toBe('/moderate/login');
  }
  await signedOut.close();

  await signIn(page, server.url, BARNSLEY);
  expect((await page.goto(`${server.url}/moderate/prompts/${DERBY_PROMPT.id}`))!.status()).toBe(404);
  // The hub's prompt reaches Barnsley: seen, but not changed.
  await page.goto(`${server.url}/moderate/prompts/${HUB_PROMPT.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HUB_PROMPT.question);
  await expect(page.getByRole('button', { name: 'Close this question' })).toHaveCount(0);
  await expect(page.locator('main')).toContainText("Only Sheffield's facilitators (or an admin)");
  expect(await markupProblems(page, 'prompt-seen-not-changed')).toEqual([]);
  await page.goto(`${server.url}/moderate/prompts`);
  await expect(page.locator(`[data-prompt="${DERBY_PROMPT.id}"]`)).toHaveCount(0);
  const csrf = await csrfOf(page);
  const post = postFrom(page, server.url);

  expect((await post(`/moderate/prompts/${DERBY_PROMPT.id}?_action=promptClose`, { csrf, id: DERBY_PROMPT.id })).status()).toBe(404);
  expect((await post(`/moderate/prompts/${HUB_PROMPT.id}?_action=promptOutcome`, { csrf, id: HUB_PROMPT.id, weDid: 'Sneaky' })).status()).toBe(404);
  expect(readData(server.dataDir).prompts.find((p) => p.id === DERBY_PROMPT.id)!.closedAt).toBeNull();
  // Asking another place is refused as an error, and nothing is made.
  const before = readData(server.dataDir).prompts.length;
  expect((await post('/moderate/prompts?_action=promptCreate', { csrf, question: 'For Derby?', context: '', place: 'derby', opensOn: '2026-01-01', closesOn: '2099-01-01' })).status()).toBe(400);
  // Without the session's token, nothing changes, through the page or the RPC endpoint.
  for (const token of [undefined, '', 'wrong']) {
    const form = { ...(token !== undefined && { csrf: token }), question: 'No token?', context: '', place: 'barnsley', opensOn: '2026-01-01', closesOn: '2099-01-01' };
    expect((await post('/moderate/prompts?_action=promptCreate', form)).status()).toBe(403);
    expect((await post('/_actions/promptCreate', form)).status()).toBe(403);
  }
  expect(readData(server.dataDir).prompts.length).toBe(before);
});
