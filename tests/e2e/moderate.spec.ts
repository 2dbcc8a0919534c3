import { test, expect, type Page } from '@playwright/test';
import { markupProblems } from './support/markup';
import { serveSeeded, submission, type Account, type Submission } from './support/seed';
import type { TestServer } from './support/server';
import { checkReceipt, shareAsYoungPerson as shareWithoutJavaScript } from './support/share';
import { signIn } from './support/signIn';

const PASSWORD = 'correct horse battery';
const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: PASSWORD };
const BARNSLEY: Account = { email: 'barnsley@example.org', role: 'facilitator', place: 'barnsley', password: PASSWORD };
const DERBY: Account = { email: 'derby@example.org', role: 'facilitator', place: 'derby', password: PASSWORD };

const DAY = 86_400_000;
const seeded = (overrides: Partial<Submission>) => submission({ kind: 'view', place: 'barnsley', ...overrides });
const OLD = seeded({ body: 'Waiting a long time', createdAt: new Date(Date.now() - 3 * DAY).toISOString() });
const URGENT = seeded({ body: 'Something frightening happened', urgent: true });
const WARNED = seeded({ body: 'Words behind a warning', warnings: ['bullying'] });
const DERBY_ITEM = seeded({ body: 'From Derby', place: 'derby' });

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [ADMIN, BARNSLEY, DERBY], submissions: [OLD, URGENT, WARNED, DERBY_ITEM] }, { SHARE_MIN_SECONDS: '0' });
});
test.afterAll(async () => server.stop());

/** Shares through the real form without JavaScript and returns the receipt code. */
const shareAsYoungPerson = (page: Page, body: string, publish: 'yes' | 'no' = 'yes') =>
  shareWithoutJavaScript(page.context().browser()!, server.url, { body, place: 'barnsley', publish, title: 'My poem', penName: 'Starling' });

async function openFromQueue(page: Page, text: string) {
  await page.goto(`${server.url}/moderate/`);
  await page.locator('.queue__item', { hasText: text }).getByRole('link', { name: /Open/ }).click();
}

test('urgent first, then oldest; warned and urgent items closed; long waits stand out', async ({ page }) => {
  await signIn(page, server.url, BARNSLEY);
  const items = page.locator('.queue__item');
  await expect(items.first()).toHaveAttribute('data-item', URGENT.id);
  await expect(items.nth(1)).toHaveAttribute('data-item', OLD.id);
  await expect(page.locator(`[data-item="${OLD.id}"]`)).toHaveAttribute('data-stale', 'true');
  await expect(page.locator(`[data-item="${OLD.id}"]`)).toContainText('Waiting over 48 hours');
  for (const id of [URGENT.id, WARNED.id]) {
    const details = page.locator(`[data-item="${id}"] details`);
    await expect(details).not.toHaveAttribute('open', '');
    await expect(details.locator('.queue__excerpt')).toBeHidden();
  }
  await expect(page.locator(`[data-item="${DERBY_ITEM.id}"]`)).toHaveCount(0);
  await expect(page.locator('[data-count="pending"]')).toContainText('(3)');
  expect(await markupProblems(page)).toEqual([]);
  await page.selectOption('#filter-kind', 'poem');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator('.queue__item')).toHaveCount(0);
});

test('publish after redacting a phone number: on /voices/ without the number', async ({ page }) => {
  const body = `Thank you for listening\nText me on 07700 900123\nI felt believed ${Date.now()}`;
  await shareAsYoungPerson(page, body);
  await signIn(page, server.url, BARNSLEY);
  await openFromQueue(page, 'Thank you for listening');
  await expect(page.locator('mark[data-flag="phone"]')).toHaveText('07700 900123');
  expect(await markupProblems(page)).toEqual([]);
  // Nothing left to publish: the error, on the item's page.
  await page.getByLabel('Text', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Enter the text to publish');
  expect(await markupProblems(page, 'item-errors')).toEqual([]);
  const redacted = body.replace('Text me on 07700 900123\n', '');
  await page.getByLabel('Text', { exact: true }).fill(redacted);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=publish`);
  await expect(page.locator('[data-done]')).toContainText('Published');
  expect(await markupProblems(page, 'queue-done')).toEqual([]);

  await page.goto(`${server.url}/voices/`);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  const card = page.locator('.card', { hasText: 'My poem' });
  await expect(card).toContainText('by Starling');
  await expect(page.locator('main')).not.toContainText('07700');
  expect(await markupProblems(page)).toEqual([]);
  await card.getByRole('link').click();
  await expect(page.locator('.user-text')).toContainText('I felt believed');
  await expect(page.locator('.user-text br').first()).toBeAttached();
  await expect(page.locator('main')).not.toContainText('07700');
  expect(await page.locator('script[src]').count()).toBe(0);
  expect(await markupProblems(page)).toEqual([]);
});

test('decline with a message: the author reads it with the receipt', async ({ page }) => {
  const receipt = await shareAsYoungPerson(page, `Please decline me ${Date.now()}`);
  await signIn(page, server.url, BARNSLEY);
  await openFromQueue(page, 'Please decline me');
  await page.getByLabel('Message to the author (optional)').fill('Thank you for writing. We could not publish this one.');
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=decline`);

  await checkReceipt(page, server.url, receipt);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not published');
  await expect(page.locator('[data-status-message]')).toContainText('We could not publish this one.');
  expect(await markupProblems(page, 'status-declined')).toEqual([]);
});

test('a decision from a page gone out of date changes nothing, says so, and keeps what was typed', async ({ page }) => {
  await shareAsYoungPerson(page, `Decide me later ${Date.now()}`);
  await signIn(page, server.url, BARNSLEY);
  await openFromQueue(page, 'Decide me later');
  const message = 'Thank you.\nWe read every word.';
  await page.getByLabel('Message to the author (optional)').fill(message);
  // The form's token no longer matches the session (signed out and in again elsewhere).
  await page.locator('input[name="csrf"]').last().evaluate((input: HTMLInputElement) => (input.value = 'out-of-date'));
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Decline' }).click();
  expect((await refused).status()).toBe(403);
  await expect(page.locator('[data-form-notice]')).toHaveText('That form was out of date, so nothing was changed. Please try again.');
  await expect(page.getByLabel('Message to the author (optional)')).toHaveValue(message);
  await expect(page.locator('[data-item-status]')).toHaveText('pending');
  expect(await markupProblems(page, 'item-out-of-date')).toEqual([]);
  // The page as shown now carries this session's token: the same button works.
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=decline`);
});

test('a private item can only be marked as read, and the receipt says so', async ({ page }) => {
  const receipt = await shareAsYoungPerson(page, `Only for the team ${Date.now()}`, 'no');
  await signIn(page, server.url, BARNSLEY);
  await openFromQueue(page, 'Only for the team');
  await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=mark-read`);
  await checkReceipt(page, server.url, receipt);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Read');
  expect(await markupProblems(page, 'status-read')).toEqual([]);
});

test('urgent and warned items stay closed on their page until opened', async ({ page }) => {
  await signIn(page, server.url, BARNSLEY);
  await page.goto(`${server.url}/moderate/${URGENT.id}`);
  const text = page.locator('[data-collapsed-text]');
  await expect(text.locator('[data-submission-text]')).toBeHidden();
  expect(await markupProblems(page)).toEqual([]);
  await text.locator('summary').click();
  await expect(text.locator('[data-submission-text]')).toHaveText(URGENT.body!);
});

test("a Barnsley facilitator gets 404 for a Derby item; Derby's facilitator and the admin see it", async ({ page, browser }) => {
  await signIn(page, server.url, BARNSLEY);
  expect((await page.goto(`${server.url}/moderate/${DERBY_ITEM.id}`))!.status()).toBe(404);
  const csrf = await page.request.get(`${server.url}/moderate/${URGENT.id}`).then(async (r) => (await r.text()).match(/name="csrf" value="([^"]+)"/)![1]!);
  const forged = await page.request.post(`${server.url}/moderate/${DERBY_ITEM.id}?_action=moderate`, {
    form: { csrf, id: DERBY_ITEM.id, decision: 'delete', title: '', body: '', penName: '', message: '' },
  });
  expect(forged.status()).toBe(404);
  for (const account of [DERBY, ADMIN]) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, server.url, account);
    expect((await other.goto(`${server.url}/moderate/${DERBY_ITEM.id}`))!.status()).toBe(200);
    await context.close();
  }
});

test('the audit log, for admins only, names who did what to which item and holds no words', async ({ page, browser }) => {
  await signIn(page, server.url, ADMIN);
  await page.goto(`${server.url}/moderate/audit`);
  await expect(page.locator('[data-audit-action="publish"]').first()).toContainText(BARNSLEY.email);
  await expect(page.locator('main')).not.toContainText('Thank you for listening');
  expect(await markupProblems(page)).toEqual([]);
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, server.url, BARNSLEY);
  expect((await other.goto(`${server.url}/moderate/audit`))!.status()).toBe(404);
  await context.close();
});
