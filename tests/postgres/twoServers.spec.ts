// Two server processes on one PostgreSQL database, as behind a load balancer: what one server
// does, the other sees at once. A young person shares on A; a facilitator signs in on B and carries
// on at A with the same session; the words they publish appear on A's Voices page. Limits count
// across both. Two facilitators deciding one item at the same moment, on A and on B: one decision
// stands, and the other is told kindly that it was already decided. Both run the alert worker
// against one real SMTP server: each email goes once.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type BuiltServer } from '../e2e/support/server';
import { addAccount, type Account } from '../e2e/support/seed';
import { fillShareForm } from '../e2e/support/share';
import { signIn } from '../e2e/support/signIn';
import { newDatabase, type TestDatabase } from './support/database';
import { Mailbox } from '../unit/support/mailbox';

const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: 'two servers, one database' };
const BARNSLEY: Account = { email: 'barnsley@example.org', role: 'facilitator', place: 'barnsley', password: 'a second facilitator here' };
const LOOKUPS = 4;

let db: TestDatabase;
let a: BuiltServer;
let b: BuiltServer;
let dataDir: string;
let mailbox: Mailbox;

test.beforeAll(async () => {
  db = await newDatabase();
  mailbox = await Mailbox.start();
  dataDir = mkdtempSync(join(tmpdir(), 'voices-two-'));
  for (const account of [ADMIN, BARNSLEY]) await addAccount({ databaseUrl: db.url, mfaKey: db.mfaKey }, account);
  // Both start at once: the migrations run once, under their advisory lock.
  const env = { DATABASE_URL: db.url, MFA_KEY: db.mfaKey, SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0', STATUS_LIMIT_10MIN: String(LOOKUPS), SMTP_URL: mailbox.url };
  [a, b] = await Promise.all([spawnServer({ dataDir: join(dataDir, 'a'), env }), spawnServer({ dataDir: join(dataDir, 'b'), env })]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
  await mailbox?.down();
  rmSync(dataDir, { recursive: true, force: true });
});

async function shareOn(page: Page, base: string, body: string, place = 'barnsley'): Promise<string> {
  await page.goto(`${base}/share/`);
  await fillShareForm(page, { body, place });
  await page.getByRole('button', { name: 'Send my words' }).click();
  const receipt = page.locator('[data-receipt]');
  await expect(receipt).toBeVisible();
  return (await receipt.innerText()).trim();
}

/** The item's page, from the queue of the server at base. */
async function openItem(page: Page, base: string, text: string): Promise<void> {
  await page.goto(`${base}/moderate/?status=pending`);
  await page.locator('.queue__item', { hasText: text }).getByRole('link').first().click();
  await expect(page.locator('[data-item-status]')).toHaveText('pending');
}

test('shared on A, signed in on B, carried on at A with the same session: published words appear on A', async ({ browser }) => {
  const young = await browser.newContext({ javaScriptEnabled: false });
  const body = `Shared on server A ${Date.now()}`;
  await shareOn(await young.newPage(), a.url, body);
  await young.close();

  const staff = await browser.newContext();
  const page = await staff.newPage();
  await signIn(page, b.url, BARNSLEY);
  // The session cookie is for localhost, so the same browser now asks A: A knows the session B made.
  await page.goto(`${a.url}/moderate/`);
  await expect(page).toHaveURL(`${a.url}/moderate/`);
  await openItem(page, a.url, 'Shared on server A');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(`${a.url}/moderate/?done=publish`);
  await page.goto(`${a.url}/voices/`);
  await expect(page.locator('[data-voices-list]')).toContainText('Shared on server A');
  // And B signs the session out for A too.
  await page.goto(`${b.url}/moderate/`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(`${a.url}/moderate/`);
  await expect(page).toHaveURL(`${a.url}/moderate/login`);
  await staff.close();
});

test('rate limits count across both servers', async () => {
  const lookUp = (base: string) =>
    fetch(`${base}/share/status/?_action=shareStatus`, { method: 'POST', body: new URLSearchParams({ code: 'AAAA-BBBB-CCCC-DDDD' }), headers: { Origin: base } });
  const statuses: number[] = [];
  // Alternately on A and B, from one address: a code that finds nothing is a 404; the fifth
  // look-up is refused (429) wherever it lands.
  for (let i = 0; i < LOOKUPS + 2; i++) statuses.push((await lookUp(i % 2 ? b.url : a.url)).status);
  expect(statuses.slice(0, LOOKUPS)).toEqual(Array(LOOKUPS).fill(404));
  expect(statuses.slice(LOOKUPS)).toEqual([429, 429]);
});

async function deciderOn(browser: Browser, base: string, account: Account, text: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, base, account);
  await openItem(page, base, text);
  return page;
}

test('two facilitators decide one item on A and B at the same moment: exactly one decision stands', async ({ browser }) => {
  const young = await browser.newContext({ javaScriptEnabled: false });
  await shareOn(await young.newPage(), a.url, `Decided twice ${Date.now()}`);
  await young.close();
  const onA = await deciderOn(browser, a.url, ADMIN, 'Decided twice');
  const onB = await deciderOn(browser, b.url, BARNSLEY, 'Decided twice');
  await Promise.all([onA.getByRole('button', { name: 'Publish' }).click(), onB.getByRole('button', { name: 'Decline' }).click()]);
  const published = onA.url().endsWith('/moderate/?done=publish');
  const declined = onB.url().endsWith('/moderate/?done=decline');
  expect(Number(published) + Number(declined)).toBe(1);
  const [winner, loser] = published ? [onA, onB] : [onB, onA];
  const won = published ? 'published' : 'declined';
  await expect(winner.locator('[data-done]')).toBeVisible();
  // The other is told kindly, in words: who (a colleague in scope may know), what, and when.
  const who = published ? ADMIN.email : BARNSLEY.email;
  await expect(loser.locator('[data-already-decided]')).toContainText(`Someone else (${who}) ${won} this at `);
  await expect(loser.locator('[data-item-status]')).toHaveText(won);
  // Both servers see the one decision.
  await expect(loser.locator('[data-already-decided]')).toContainText('your decision was not made');
  for (const page of [onA, onB]) await page.context().close();
});

test('both servers run the alert worker, and each email goes once: a digest for several shares, then an urgent alert', async ({ browser }) => {
  const young = await browser.newContext({ javaScriptEnabled: false });
  const page = await young.newPage();
  const about = (subject: string) => mailbox.received.filter((e) => e.subject === subject).flatMap((e) => e.to);
  const DIGEST = 'Voices: waiting to be read, Doncaster';
  const URGENT = 'Voices: urgent, Doncaster';
  await shareOn(page, a.url, 'Gulls on the bins at dawn', 'doncaster');
  await shareOn(page, b.url, 'Rain on the bus shelter', 'doncaster');
  await shareOn(page, a.url, 'Chips in the park after', 'doncaster');
  // Only the admin's scope holds Doncaster. Each worker looks every 5 seconds: a few rounds of both.
  await expect.poll(() => about(DIGEST), { timeout: 20_000 }).toEqual([ADMIN.email]);
  await shareOn(page, b.url, 'I want to die tonight', 'doncaster');
  await expect.poll(() => about(URGENT), { timeout: 20_000 }).toEqual([ADMIN.email]);
  await page.waitForTimeout(12_000);
  expect(about(DIGEST)).toEqual([ADMIN.email]);
  expect(about(URGENT)).toEqual([ADMIN.email]);
  await young.close();
});
