// A team working on one item, in the browser: team notes (who and when, drawn by the one user-text
// renderer, refused kindly when empty or long, never shown to the author at /share/status/ or on
// /voices/, gone with the words, in the audit log by id only), a second opinion (the asker may not
// decide, a colleague in scope does), and who has it open (without JavaScript, and kept up to date
// with it), with a decision made meanwhile reported rather than overwritten. The checkers run on
// every page state these add.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { markupProblems } from './support/markup';
import { readData, serveSeeded, type Account } from './support/seed';
import type { TestServer } from './support/server';
import { ADMIN, SHEFFIELD, BARNSLEY, DERBY } from './support/team';
import { checkReceipt, shareAsYoungPerson } from './support/share';
import { signIn } from './support/signIn';
import { watchForScripts } from './support/hostileText';

const ASKER_REFUSED = 'You asked for a second opinion on this, so a colleague must make the decision. Your note is on the item for them.';

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [ADMIN, SHEFFIELD, BARNSLEY, DERBY] }, { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0' });
});
test.afterAll(async () => server.stop());

/** A facilitator signed in in a browser context of their own; JavaScript off unless asked for. */
async function facilitator(browser: Browser, who: Account, javaScriptEnabled = false): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, server.url, who);
  return page;
}

/** Opens the item whose words begin so from the queue; returns its id. */
async function openFromQueue(page: Page, text: string): Promise<string> {
  await page.goto(`${server.url}/moderate/?status=all`);
  const item = page.locator('.queue__item', { hasText: text });
  const id = (await item.getAttribute('data-item'))!;
  await item.getByRole('link', { name: /Open/ }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/${id}`);
  return id;
}

const notesOf = (id: string) => readData(server.dataDir).notes.filter((n) => n.itemId === id);

test('team notes: who and when, through the one renderer; empty or long ones refused with the words kept; never to the author; gone with the words', async ({ page, browser }) => {
  const NOTE = 'Spoke to the **duty worker** about this.\nCheck the allotment name <img src=x onerror=alert(1)> before it goes anywhere';
  const scripts = await watchForScripts(page);
  const receipt = await shareAsYoungPerson(browser, server.url, { body: 'Lantern moths above the canal\nall night', place: 'barnsley', publish: 'no' });
  await signIn(page, server.url, BARNSLEY);
  const id = await openFromQueue(page, 'Lantern moths');
  await expect(page.locator('[data-team-notes]')).toContainText('No notes yet.');

  const sent = () => page.waitForResponse((r) => r.request().method() === 'POST');
  let response = sent();
  await page.getByRole('button', { name: 'Add note' }).click();
  expect((await response).status()).toBe(400);
  await expect(page.locator('[data-error-summary]')).toContainText('Enter a note');
  expect(await markupProblems(page, 'item-note-empty')).toEqual([]);

  const long = 'The duty worker rang back. '.repeat(20);
  await page.getByLabel('Add a note for the team').fill(long);
  response = sent();
  await page.getByRole('button', { name: 'Add note' }).click();
  expect((await response).status()).toBe(400);
  await expect(page.locator('[data-error-summary]')).toContainText('The note must be 500 characters or fewer');
  await expect(page.getByLabel('Add a note for the team')).toHaveValue(long);
  expect(await markupProblems(page, 'item-note-long')).toEqual([]);

  await page.getByLabel('Add a note for the team').fill(NOTE);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/${id}#notes`);
  await expect(page.locator('[data-flash]')).toHaveText('Note added. Only the team sees it.');
  const note = page.locator('[data-note]');
  await expect(note).toHaveCount(1);
  await expect(note.locator('.notes__meta')).toContainText(BARNSLEY.email);
  await expect(note.locator('.notes__meta')).toContainText(/\d{1,2} \w+ \d{4}/);
  await expect(note.locator('.user-text strong')).toHaveText('duty worker');
  await expect(note.locator('.user-text br')).toHaveCount(1);
  await expect(note.locator('.user-text')).toContainText('<img src=x onerror=alert(1)>');
  await expect(note.locator('img')).toHaveCount(0);
  expect(await markupProblems(page, 'item-with-note')).toEqual([]);

  // A colleague in scope reads it; someone outside the item's scope cannot reach it, nor add to it with a forged form.
  const hub = await facilitator(browser, SHEFFIELD);
  await hub.goto(`${server.url}/moderate/${id}`);
  await expect(hub.locator('[data-note]')).toContainText('duty worker');
  await hub.context().close();
  const derby = await facilitator(browser, DERBY);
  expect((await derby.goto(`${server.url}/moderate/${id}`))!.status()).toBe(404);
  const csrf = await derby.locator('input[name="csrf"]').first().inputValue();
  const forged = await derby.request.post(`${server.url}/moderate/${id}?_action=teamNote`, { form: { csrf, id, note: 'Not mine to add', intent: 'note' } });
  expect(forged.status()).toBe(404);
  expect(await forged.text()).not.toContain('duty worker');
  await derby.context().close();
  expect(notesOf(id).map((n) => n.text)).toEqual([NOTE]);

  // The author, with the receipt, never sees the team's notes.
  await page.getByLabel('Message to the author (optional)').fill('Thank you for telling us.');
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=mark-read`);
  const author = await browser.newContext({ javaScriptEnabled: false });
  const authorPage = await author.newPage();
  await checkReceipt(authorPage, server.url, receipt);
  await expect(authorPage.getByRole('heading', { level: 1 })).toHaveText('Read');
  await expect(authorPage.locator('[data-status-message]')).toContainText('Thank you for telling us.');
  for (const words of ['duty worker', 'allotment', BARNSLEY.email]) expect(await authorPage.content()).not.toContain(words);
  // The notes stay while the words do; the audit log names the note by the item's id, never its words.
  expect(notesOf(id)).toHaveLength(1);
  const admin = await facilitator(browser, ADMIN);
  await admin.goto(`${server.url}/moderate/audit`);
  await expect(admin.locator('[data-audit-action="note-add"]').first()).toContainText(id);
  await expect(admin.locator('main')).not.toContainText('duty worker');
  // Deleting the item erases its notes with it.
  await admin.goto(`${server.url}/moderate/${id}`);
  await admin.getByRole('button', { name: 'Delete' }).click();
  await expect(admin).toHaveURL(`${server.url}/moderate/?done=delete`);
  expect(notesOf(id)).toEqual([]);
  await checkReceipt(authorPage, server.url, receipt);
  expect(await authorPage.content()).not.toContain('duty worker');
  await author.close();
  await admin.context().close();
  expect(scripts).toEqual([]);
});

test('notes never reach /voices/: publishing keeps only the redacted words, and the notes go with the rest', async ({ page, browser }) => {
  const receipt = await shareAsYoungPerson(browser, server.url, { body: 'Swifts over the rooftops\nscreaming summer in', title: 'Swifts', place: 'barnsley', publish: 'yes' });
  await signIn(page, server.url, BARNSLEY);
  const id = await openFromQueue(page, 'Swifts over the rooftops');
  await page.getByLabel('Add a note for the team').fill('Gorse lane is two streets from her school');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('[data-note]')).toContainText('Gorse lane');
  const author = await browser.newContext({ javaScriptEnabled: false });
  const authorPage = await author.newPage();
  await checkReceipt(authorPage, server.url, receipt);
  await expect(authorPage.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await authorPage.content()).not.toContain('Gorse lane');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/?done=publish`);
  expect(notesOf(id)).toEqual([]);
  for (const path of ['/voices/', `/voices/${id}/`]) {
    await authorPage.goto(`${server.url}${path}`);
    await expect(authorPage.locator('main')).toContainText('Swifts');
    expect(await authorPage.content()).not.toContain('Gorse lane');
  }
  await checkReceipt(authorPage, server.url, receipt);
  expect(await authorPage.content()).not.toContain('Gorse lane');
  await author.close();
  // The item's page says why no note can be added now.
  await page.goto(`${server.url}/moderate/${id}`);
  await expect(page.locator('[data-team-notes]')).toContainText('The words have been deleted, so no more notes can be added.');
  await expect(page.locator('[data-note]')).toHaveCount(0);
  expect(await markupProblems(page, 'item-published-notes-gone')).toEqual([]);
});

test('a second opinion: the note marks the item for everyone in scope, the asker may not decide, a colleague does', async ({ page, browser }) => {
  await shareAsYoungPerson(browser, server.url, { body: 'Heron at the weir\nwaiting like me', title: 'Heron', place: 'barnsley', publish: 'yes' });
  await signIn(page, server.url, BARNSLEY);
  const id = await openFromQueue(page, 'Heron at the weir');
  // A colleague has the page open from before anyone asked.
  const hub = await facilitator(browser, SHEFFIELD);
  await hub.goto(`${server.url}/moderate/${id}`);
  await page.getByLabel('Add a note for the team').fill('Is the weir too easy to place? I know her worker.');
  await page.getByRole('button', { name: 'Ask for a second opinion' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/${id}#notes`);
  await expect(page.locator('[data-flash]')).toContainText('Asked for a second opinion.');
  await expect(page.locator('[data-second-opinion]')).toContainText('you asked on');
  await expect(page.locator('[data-note]')).toContainText('Asked for a second opinion');
  await expect(page.getByRole('button', { name: 'Ask for a second opinion' })).toHaveCount(0);
  expect(await markupProblems(page, 'item-second-opinion-asker')).toEqual([]);

  // The asker's decision is refused, saying why, and nothing changes.
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Publish' }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.locator('[data-error-summary]')).toContainText(ASKER_REFUSED);
  await expect(page.locator('#decision-error')).toContainText(ASKER_REFUSED);
  await expect(page.locator('[data-item-status]')).toHaveText('pending');
  expect(await markupProblems(page, 'item-asker-refused')).toEqual([]);

  // The colleague's page from before: asking again is refused, their note kept.
  await hub.getByLabel('Add a note for the team').fill('Can someone check the last line?');
  const again = hub.waitForResponse((r) => r.request().method() === 'POST');
  await hub.getByRole('button', { name: 'Ask for a second opinion' }).click();
  expect((await again).status()).toBe(400);
  await expect(hub.locator('#note-error')).toContainText('Someone has asked for a second opinion on this already.');
  await expect(hub.getByLabel('Add a note for the team')).toHaveValue('Can someone check the last line?');
  await expect(hub.locator('[data-second-opinion]')).toContainText(`${BARNSLEY.email} asked on`);
  expect(await markupProblems(hub, 'item-asked-already')).toEqual([]);

  // Everyone in scope finds it under "Needs a second opinion"; a place outside its scope does not.
  await hub.goto(`${server.url}/moderate/`);
  await expect(hub.locator('[data-count="second-opinion"]')).toHaveText('Needs a second opinion (1)');
  await hub.getByRole('link', { name: /Needs a second opinion/ }).click();
  await expect(hub).toHaveURL(/needs=second-opinion/);
  await expect(hub.locator('.queue__item')).toHaveCount(1);
  await expect(hub.locator(`[data-item="${id}"]`)).toHaveAttribute('data-second-opinion', 'true');
  await expect(hub.locator(`[data-item="${id}"] .badge--ask`)).toHaveText('Needs a second opinion');
  expect(await markupProblems(hub, 'queue-second-opinion')).toEqual([]);
  const derby = await facilitator(browser, DERBY);
  await expect(derby.locator('[data-count="second-opinion"]')).toHaveText('Needs a second opinion (0)');
  await derby.context().close();

  // A colleague reads who asked and why, and decides.
  await hub.locator(`[data-item="${id}"]`).getByRole('link', { name: /Open/ }).click();
  await expect(hub.locator('[data-second-opinion]')).toContainText(`${BARNSLEY.email} asked on`);
  await expect(hub.locator('[data-note]')).toContainText('I know her worker');
  expect(await markupProblems(hub, 'item-second-opinion-colleague')).toEqual([]);
  await hub.getByLabel('Text', { exact: true }).fill('Heron at the water\nwaiting like me');
  await hub.getByRole('button', { name: 'Publish' }).click();
  await expect(hub).toHaveURL(`${server.url}/moderate/?done=publish`);
  await expect(hub.locator('[data-count="second-opinion"]')).toHaveText('Needs a second opinion (0)');
  await hub.context().close();
});

test('a note from a page gone out of date changes nothing, says so, and keeps the note', async ({ page, browser }) => {
  await shareAsYoungPerson(browser, server.url, { body: 'Foxes in the car park', place: 'sheffield', publish: 'no' });
  await signIn(page, server.url, SHEFFIELD);
  const id = await openFromQueue(page, 'Foxes in the car park');
  await page.getByLabel('Add a note for the team').fill('Rang the school nurse.\nShe will call back.');
  // The form's token no longer matches the session (signed out and in again elsewhere).
  await page.locator('[data-team-notes] input[name="csrf"]').evaluate((input: HTMLInputElement) => (input.value = 'out-of-date'));
  const refused = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Add note' }).click();
  expect((await refused).status()).toBe(403);
  await expect(page.locator('[data-form-notice]')).toHaveText('That form was out of date, so nothing was changed. Please try again.');
  await expect(page.getByLabel('Add a note for the team')).toHaveValue('Rang the school nurse.\nShe will call back.');
  expect(notesOf(id)).toEqual([]);
  expect(await markupProblems(page, 'item-note-out-of-date')).toEqual([]);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.locator('[data-note]')).toContainText('She will call back.');
});

test('who has it open, without JavaScript: each sees the other; a decision made meanwhile is reported, never overwritten', async ({ browser }) => {
  await shareAsYoungPerson(browser, server.url, { body: 'Kites above the allotments\non a school day', title: 'Kites', place: 'barnsley', publish: 'yes' });
  const first = await facilitator(browser, BARNSLEY);
  const id = await openFromQueue(first, 'Kites above the allotments');
  await expect(first.locator('[data-colleague]')).toHaveCount(0);
  const second = await facilitator(browser, SHEFFIELD);
  await second.goto(`${server.url}/moderate/${id}`);
  await expect(second.locator('[data-colleague]')).toHaveText([new RegExp(`^${BARNSLEY.email}, since `)]);
  expect(await markupProblems(second, 'item-open-elsewhere')).toEqual([]);
  // Each view renews it: the first sees the second on reloading.
  await first.reload();
  await expect(first.locator('[data-colleague]')).toHaveText([new RegExp(`^${SHEFFIELD.email}, since `)]);

  await first.getByRole('button', { name: 'Decline' }).click();
  await expect(first).toHaveURL(`${server.url}/moderate/?done=decline`);
  // The second still has the page as it was: their decision is not made, and they are told whose stood.
  const answered = second.waitForResponse((r) => r.request().method() === 'POST');
  await second.getByRole('button', { name: 'Publish' }).click();
  expect((await answered).status()).toBe(409);
  await expect(second.locator('[data-already-decided]')).toContainText(`Someone else (${BARNSLEY.email}) declined this at `);
  await expect(second.locator('[data-item-status]')).toHaveText('declined');
  expect(readData(server.dataDir).submissions.find((s) => s.id === id)).toMatchObject({ status: 'declined', published: null });
  expect(await markupProblems(second, 'item-already-decided')).toEqual([]);
  await first.context().close();
  await second.context().close();
});

test('with JavaScript, the list of who has it open follows while someone works on the page', async ({ browser }) => {
  await shareAsYoungPerson(browser, server.url, { body: 'Starlings over the pier', place: 'doncaster', publish: 'no' });
  const working = await facilitator(browser, SHEFFIELD, true);
  await working.clock.install();
  const id = await openFromQueue(working, 'Starlings over the pier');
  await expect(working.locator('[data-colleague]')).toHaveCount(0);
  const colleague = await facilitator(browser, ADMIN);
  await colleague.goto(`${server.url}/moderate/${id}`);
  // Someone at work on the page: the list is looked at again within a few minutes, without a reload.
  await working.getByLabel('Add a note for the team').press('a');
  await working.clock.runFor(5 * 60_000);
  await expect(working.locator('[data-colleague]')).toHaveText([new RegExp(`^${ADMIN.email}, since `)]);
  expect(await markupProblems(working, 'item-open-elsewhere-updated')).toEqual([]);
  await colleague.context().close();
  await working.context().close();
});

test('the email alerts page says when this server sends no email, and is in the staff navigation', async ({ page }) => {
  await signIn(page, server.url, BARNSLEY);
  await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Email alerts' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/alerts`);
  await expect(page.locator('[data-mail-off]')).toContainText('This server sends no email at the moment');
  await expect(page.getByLabel(/^Yes: an email when something new arrives/)).toBeChecked();
  expect(await markupProblems(page, 'alerts-no-mail')).toEqual([]);
});
