// "You said, we did" in the browser: a facilitator closes a question, writes what changed and
// picks a published answer; both appear on the question's page and on /you-said-we-did/ beside
// the library's entries, and a closed question is let go kindly.
import { test, expect } from '@playwright/test';
import { markupProblems } from './support/markup';
import { BARNSLEY, ownBrowser, prompt } from './support/participation';
import { readData, serveSeeded, submission } from './support/seed';
import type { TestServer } from './support/server';
import { signIn } from './support/signIn';

const QUESTION = 'What should police know when they talk to you?';
const ASKED = prompt({ id: 'askedQuestion', question: QUESTION, context: 'We take your answers to the police training day.', place: 'barnsley', opensOn: '2025-01-01', closesOn: '2099-12-31' });
const ANSWER = submission({
  kind: 'view', place: 'barnsley', promptId: ASKED.id, status: 'published', body: null, decidedAt: new Date().toISOString(),
  published: { title: null, body: 'Listen before you decide what happened.', penName: 'Kestrel', warnings: [], at: new Date().toISOString() },
});
const WE_DID = 'Police trainers in Barnsley now start every session with what you told us.';

let server: TestServer;
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [BARNSLEY], prompts: [ASKED], submissions: [ANSWER] }, { SHARE_MIN_SECONDS: '0' });
});
test.afterAll(async () => server?.stop());

test('a question closed, what changed written and an answer picked: shown on its page and on /you-said-we-did/', async ({ page, browser }) => {
  await signIn(page, server.url, BARNSLEY);
  // Close it, write what changed and pick the answer.
  await page.goto(`${server.url}/moderate/prompts/${ASKED.id}`);
  await page.getByRole('button', { name: 'Close this question' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/prompts/${ASKED.id}`);
  await expect(page.locator('[data-flash]')).toContainText('Closed');
  await expect(page.locator('[data-prompt-state]')).toHaveText('Closed');
  await page.getByRole('button', { name: 'Save what changed' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Write what changed because of the answers');
  expect(await markupProblems(page, 'prompt-outcome-errors')).toEqual([]);
  await page.getByLabel('What changed because of the answers').fill(WE_DID);
  await page.getByLabel(/by Kestrel/).check();
  await page.getByRole('button', { name: 'Save what changed' }).click();
  await expect(page.locator('[data-flash]')).toContainText('Saved');
  await expect(page.getByLabel(/by Kestrel/)).toBeChecked();
  expect(await markupProblems(page, 'prompt-outcome-saved')).toEqual([]);

  // Both on the prompt page and on /you-said-we-did/, the answer rendered as user text.
  const young = await ownBrowser(browser);
  for (const path of [`/have-your-say/${ASKED.id}/`, '/you-said-we-did/']) {
    await young.page.goto(`${server.url}${path}`);
    const outcome = young.page.locator(`[data-outcome="${ASKED.id}"]`);
    await expect(outcome.locator('.user-text').first()).toContainText('Listen before you decide what happened.');
    await expect(outcome).toContainText('by Kestrel');
    await expect(outcome.getByRole('heading', { name: 'We did' })).toBeVisible();
    await expect(outcome).toContainText(WE_DID);
    expect(await markupProblems(young.page, path), path).toEqual([]);
  }
  // The library's entries are still there, on the same page.
  await expect(young.page.getByRole('heading', { name: "Young people's poems became a book and a film" })).toBeVisible();
  await expect(young.page.locator(`[data-live-outcome="${ASKED.id}"]`).getByRole('link', { name: QUESTION })).toHaveAttribute('href', `/have-your-say/${ASKED.id}/`);
  // Closed: off the list of open questions, and a link to it is let go kindly.
  await young.page.goto(`${server.url}/have-your-say/`);
  await expect(young.page.getByRole('link', { name: QUESTION })).toHaveCount(0);
  await young.page.goto(`${server.url}/share/?prompt=${ASKED.id}`);
  await expect(young.page.locator('[data-share-notice]')).toContainText('The question you followed has closed');
  await expect(young.page.locator('input[name="prompt"]')).toHaveValue('');
  expect(await markupProblems(young.page, 'share-closed-question')).toEqual([]);
  await young.close();

  // Audited by id, never with the words.
  const audit = readData(server.dataDir).audit;
  for (const action of ['prompt-close', 'prompt-outcome']) expect(audit).toContainEqual(expect.objectContaining({ action, target: ASKED.id }));
  expect(JSON.stringify(audit)).not.toMatch(/police|Listen before|Police trainers/i);
});
