import { test, expect } from '@playwright/test';
import { readData } from './support/seed';
import { share, fillShareForm } from './support/share';
import { markupProblems } from './support/markup';
import { browserTraces } from './support/site';

test.describe('sharing without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form sends, the receipt shows once, and the status page finds it', async ({ page }) => {
    const body = `A poem without any script ${Date.now()}`;
    const receipt = await share(page, { body, place: 'barnsley', publish: 'yes' });
    expect(receipt).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
    expect(page.url()).not.toContain(receipt);
    const stored = readData().submissions.filter((s) => s.body === body);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'pending', place: 'barnsley', publish: true, kind: 'poem', urgent: false });
    expect(JSON.stringify(readData())).not.toContain(receipt);

    await page.goto('/share/status/');
    await page.getByLabel('Your receipt code').fill(receipt.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Waiting to be read');
    expect(page.url()).not.toContain(receipt);
  });

  test('an empty body and an over-long body give the error summary and keep what was typed', async ({ page }) => {
    await page.goto('/share/');
    await fillShareForm(page, { body: '   ', title: 'My title', penName: 'Starling', place: 'doncaster', warnings: ['bullying'] });
    await page.getByRole('button', { name: 'Send my words' }).click();
    const summary = page.locator('[data-error-summary]');
    await expect(summary).toContainText('Write your words in the box');
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel('A title')).toHaveValue('My title');
    await expect(page.getByLabel('A name to show')).toHaveValue('Starling');
    await expect(page.locator('#place-doncaster')).toBeChecked();
    await expect(page.locator('input[value="bullying"]')).toBeChecked();

    const long = 'words '.repeat(1400); // 8,400 characters
    await page.getByLabel('Your words').fill(long);
    await page.getByRole('button', { name: 'Send my words' }).click();
    await expect(summary).toContainText('8,000 characters or fewer');
    await expect(page.getByLabel('Your words')).toHaveValue(long);
    await summary.getByRole('link').click();
    await expect(page.getByLabel('Your words')).toBeFocused();
  });

  test('a missing choice is named in the summary, linked to its field', async ({ page }) => {
    await page.goto('/share/');
    await page.getByLabel('Your words').fill('Some words');
    await page.getByRole('button', { name: 'Send my words' }).click();
    const summary = page.locator('[data-error-summary]');
    await expect(summary).toContainText("Choose what you're sharing");
    await expect(summary).toContainText('Choose where you are');
    await expect(summary).toContainText('Choose whether we may put your words on the site');
    await expect(page.getByLabel('Your words')).toHaveValue('Some words');
    // Each link goes to its group's first choice, in the order of the form.
    await expect(summary.getByRole('link')).toHaveText(["Choose what you're sharing", 'Choose where you are, or "I\'d rather not say"', 'Choose whether we may put your words on the site']);
    await summary.getByRole('link', { name: 'Choose where you are' }).click();
    await expect(page.locator('input[name="place"]').first()).toBeFocused();
    await summary.getByRole('link', { name: "Choose what you're sharing" }).click();
    await expect(page.getByLabel('A poem')).toBeFocused();
  });

  test('withdraw deletes the text at once', async ({ page }) => {
    const body = `Words I will take back ${Date.now()}`;
    const receipt = await share(page, { body });
    await page.goto('/share/status/');
    await page.getByLabel('Your receipt code').fill(receipt);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('button', { name: 'Delete my words now' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Taken back');
    expect(JSON.stringify(readData())).not.toContain(body);
    await expect(page.getByRole('button', { name: 'Delete my words now' })).toHaveCount(0);
  });

  test('a wrong code gets one gentle message', async ({ page }) => {
    await page.goto('/share/status/');
    await page.getByLabel('Your receipt code').fill('abcd efgh-jkmn PQRS');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.locator('[data-error-summary]')).toContainText("We couldn't find that code");
    // As typed, to correct rather than type again.
    await expect(page.getByLabel('Your receipt code')).toHaveValue('abcd efgh-jkmn PQRS');
  });
});

test.describe('sharing with JavaScript', () => {
  test('the guard hint appears for a phone number and goes when it is removed', async ({ page }) => {
    await page.goto('/share/');
    const words = page.getByLabel('Your words');
    const hints = page.locator('[data-guard-hints]');
    await expect(hints).toHaveText('');
    await words.pressSequentially('You can text me on 07700 900 123');
    await expect(hints.locator('[data-guard-hint="phone"]')).toBeVisible();
    await expect(hints).toContainText("You won't get in trouble");
    expect(await markupProblems(page, 'share-guard-hint')).toEqual([]);
    await words.fill('You can find me here');
    await expect(hints).toHaveText('');
  });

  test('the character count counts down and warns when over', async ({ page }) => {
    await page.goto('/share/');
    await expect(page.locator('#body-count')).toHaveText('You have 8,000 characters remaining');
    await page.getByLabel('Your words').fill('x'.repeat(8002));
    await expect(page.locator('#body-count')).toHaveText('You have 2 characters too many');
  });

  test('urgent words put the get-help-now panel first; ordinary words do not', async ({ page }) => {
    await share(page, { body: "I can't get away from him and he's outside" });
    const panel = page.locator('[data-urgent-help]');
    await expect(panel).toBeVisible();
    const panelFirst = await page.locator('main').evaluate((main) => main.firstElementChild?.hasAttribute('data-urgent-help'));
    expect(panelFirst).toBe(true);
    await expect(panel).toContainText('999');
    expect(await markupProblems(page, 'share-sent-urgent')).toEqual([]);
    expect(readData().submissions.find((s) => s.body?.includes("he's outside"))?.urgent).toBe(true);

    await share(page, { body: 'I liked the workshop today' });
    await expect(page.locator('[data-urgent-help]')).toHaveCount(0);
  });

  test('sending sets no cookie and leaves no browser storage', async ({ page }) => {
    await share(page, { body: 'Nothing left behind' });
    expect(await browserTraces(page)).toEqual({ cookies: 0, local: 0, session: 0, indexedDB: 0 });
  });

  test('the flags are stored for moderators', async ({ page }) => {
    const body = `Message me at someone@example.com ${Date.now()}`;
    await share(page, { body });
    expect(readData().submissions.find((s) => s.body === body)?.flags.map((f) => f.kind)).toEqual(['email']);
  });
});

test('the markup checkers pass on every state of the form and the status page', async ({ page }) => {
  const check = async (state: string) => expect(await markupProblems(page, state), state).toEqual([]);
  await page.goto('/share/');
  await check('share-empty');
  await page.getByRole('button', { name: 'Send my words' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText("Choose what you're sharing");
  await check('share-errors-missing');
  await fillShareForm(page, { body: 'words '.repeat(1400), title: 't'.repeat(130), penName: 'p'.repeat(70) });
  await page.getByRole('button', { name: 'Send my words' }).click();
  await expect(page.locator('[data-error-summary] li')).toHaveCount(3);
  await check('share-errors-too-long');
  const receipt = await share(page, { body: 'Words for the accessibility check', warnings: ['bullying'] });
  await check('share-sent');
  // The same form sent twice (a double tap, or Back and Send again).
  await page.goto('/share/');
  const used = await page.locator('input[name="token"]').inputValue();
  await fillShareForm(page, { body: 'Words sent twice' });
  await page.getByRole('button', { name: 'Send my words' }).click();
  await expect(page.locator('[data-receipt]')).toBeVisible();
  await page.goto('/share/');
  await fillShareForm(page, { body: 'Words sent twice' });
  await page.locator('input[name="token"]').evaluate((input: HTMLInputElement, token) => (input.value = token), used);
  await page.getByRole('button', { name: 'Send my words' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("We've already got these words");
  await check('share-duplicate');
  await page.goto('/share/status/');
  await check('status-form');
  await page.getByLabel('Your receipt code').fill('ABCD-EFGH-JKMN-PQRS');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.locator('[data-error-summary]')).toBeVisible();
  await check('status-not-found');
  await page.getByLabel('Your receipt code').fill(receipt);
  await page.getByRole('button', { name: 'Check' }).click();
  await check('status-found');
  await page.getByRole('button', { name: 'Delete my words now' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Taken back');
  await check('status-withdrawn');
});

test('share and status pages are never cached, and the form token works once', async ({ request }) => {
  const form = await request.get('/share/');
  expect(form.headers()['cache-control']).toBe('no-store');
  expect(form.headers()['set-cookie']).toBeUndefined();
  expect((await request.get('/share/status/')).headers()['cache-control']).toBe('no-store');
  const token = (await form.text()).match(/name="token" value="([^"]+)"/)![1]!;
  const body = `Sent twice by a double tap ${Date.now()}`;
  const send = () => request.post('/share/?_action=share', { form: { token, kind: 'view', body, place: 'none', publish: 'no' } });
  const [first, second] = await Promise.all([send(), send()]);
  const pages = [await first.text(), await second.text()];
  expect(pages.filter((p) => p.includes('data-receipt'))).toHaveLength(1);
  // The page's apostrophe arrives as &#39;.
  expect(pages.filter((p) => p.includes('already got these words'))).toHaveLength(1);
  expect(first.headers()['cache-control']).toBe('no-store');
  expect(readData().submissions.filter((s) => s.body === body)).toHaveLength(1);
});
