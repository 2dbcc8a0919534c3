// Privacy, for one server and everything a young person and a facilitator do on it,
// with every secret known: afterwards the client's address and user agent (and any forwarded
// address) are nowhere in its output or DATA_DIR, the texts, receipts and passwords nowhere in
// its output, files 0600 and the folder 0700. The end of the run checks every other server the
// same way (support/privacyTeardown.ts).
import { test, expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_ADDRESSES, PRIVACY_USER_AGENT, privacyProblems, recordServerRun } from './support/privacy';
import { csrfFrom, newRequestContext } from './support/routes';
import { addAccount, type Account } from './support/seed';
import { spawnServer, type BuiltServer } from './support/server';
import { fillShareForm } from './support/share';
import { testFactors } from './support/secondStep';
import { signIn } from './support/signIn';

const stamp = Date.now().toString(36);
const ADMIN: Account = { email: `privacy-admin-${stamp}@example.org`, role: 'admin', password: `Admin secret phrase ${stamp}` };
const BARNSLEY: Account = { email: `privacy-barnsley-${stamp}@example.org`, role: 'facilitator', place: 'barnsley', password: `Barnsley secret phrase ${stamp}` };
const NEW_PASSWORD = `Reset secret phrase ${stamp}`;
const ADDED_PASSWORD = `Added secret phrase ${stamp}`;
const WRONG_PASSWORD = `Wrong secret phrase ${stamp}`;
const TEXTS = {
  declined: `My words to be declined ${stamp}, with 07700 900123 in them`,
  withdrawn: `I can't get away and he's outside ${stamp}`,
  published: `A poem to be published ${stamp}\nwith a second line`,
  title: `A title of mine ${stamp}`,
  penName: `Starling ${stamp}`,
  message: `A message back to the author ${stamp}`,
  // JSON.parse quotes the first ten or so characters of a body it cannot read: put the stamp there.
  json: `${stamp} words sent as JSON`,
  tooLong: `Words far too long ${stamp} `.repeat(6000),
};
const FORWARDED = '203.0.113.77';

let server: BuiltServer;
let dataDir: string;
const receipts: string[] = [];
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'voices-privacy-')), 'data');
  for (const account of [ADMIN, BARNSLEY]) await addAccount(dataDir, account);
  server = await spawnServer({ dataDir, env: { SHARE_MIN_SECONDS: '0', STATUS_LIMIT_10MIN: '0' } });
});
test.afterAll(async () => {
  if (server?.process.exitCode === null) await server.stop();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

async function share(page: Page, fields: Parameters<typeof fillShareForm>[1]) {
  await page.goto(`${server.url}/share/`);
  await fillShareForm(page, fields);
  await page.getByRole('button', { name: 'Send my words' }).click();
  const receipt = (await page.locator('[data-receipt]').innerText()).trim();
  receipts.push(receipt);
  return receipt;
}

test('a young person shares, checks and withdraws, with and without JavaScript', async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled, userAgent: PRIVACY_USER_AGENT, extraHTTPHeaders: { 'X-Forwarded-For': FORWARDED } });
    const page = await context.newPage();
    if (javaScriptEnabled) {
      await share(page, { body: TEXTS.declined, title: TEXTS.title, penName: TEXTS.penName, place: 'barnsley' });
      await share(page, { body: TEXTS.published, place: 'barnsley' });
    } else {
      const receipt = await share(page, { body: TEXTS.withdrawn, place: 'barnsley' });
      await page.goto(`${server.url}/share/status/`);
      await page.getByLabel('Your receipt code').fill('ABCD-EFGH-JKMN-PQRS');
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByLabel('Your receipt code').fill(receipt);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByRole('button', { name: 'Delete my words now' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Taken back');
    }
    await context.close();
  }
  // Things that go wrong: a body too big, a JSON body, an unknown page.
  const request = await newRequestContext(server.url);
  await request.post(`${server.url}/share/?_action=share`, { form: { body: TEXTS.tooLong }, headers: { Origin: server.url, 'X-Forwarded-For': FORWARDED } });
  await request.post(`${server.url}/_actions/share`, { data: Buffer.from(TEXTS.json), headers: { Origin: server.url, 'Content-Type': 'application/json' } });
  await request.get(`${server.url}/no-such-page/`);
  await request.dispose();
});

test('facilitators sign in (and fail to), manage accounts, decline with a message and publish', async ({ browser }) => {
  const context = await browser.newContext({ userAgent: PRIVACY_USER_AGENT, extraHTTPHeaders: { 'X-Forwarded-For': FORWARDED } });
  const page = await context.newPage();
  await page.goto(`${server.url}/moderate/login`);
  for (const email of [ADMIN.email, `nobody-${stamp}@example.org`]) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(WRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('[data-error-summary]')).toContainText('Email or password is not right');
  }
  await signIn(page, server.url, ADMIN);
  await page.goto(`${server.url}/moderate/facilitators`);
  const add = page.locator('form', { has: page.getByRole('button', { name: 'Add facilitator' }) });
  await add.getByLabel('Email', { exact: true }).fill(`privacy-added-${stamp}@example.org`);
  await add.getByLabel('Place', { exact: true }).selectOption('derby');
  await add.getByLabel('Password', { exact: true }).fill(ADDED_PASSWORD);
  await page.getByRole('button', { name: 'Add facilitator' }).click();
  await expect(page.locator('[data-flash]')).toContainText('Added');
  const reset = page.locator('form', { has: page.getByRole('button', { name: 'Set password' }) });
  await reset.getByLabel('Account', { exact: true }).selectOption({ label: BARNSLEY.email });
  await reset.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.locator('[data-flash]')).toContainText('New password set');

  const other = await browser.newContext({ userAgent: PRIVACY_USER_AGENT });
  const barnsley = await other.newPage();
  await signIn(barnsley, server.url, { email: BARNSLEY.email, password: NEW_PASSWORD });
  await barnsley.locator('.queue__item', { hasText: 'to be declined' }).getByRole('link', { name: /Open/ }).click();
  await barnsley.getByLabel('Message to the author (optional)').fill(TEXTS.message);
  await barnsley.getByRole('button', { name: 'Decline' }).click();
  await expect(barnsley).toHaveURL(`${server.url}/moderate/?done=decline`);
  await barnsley.locator('.queue__item', { hasText: 'to be published' }).getByRole('link', { name: /Open/ }).click();
  await barnsley.getByRole('button', { name: 'Publish' }).click();
  await expect(barnsley).toHaveURL(`${server.url}/moderate/?done=publish`);
  // A facilitator's form without its token: refused, and the refusal is not logged with the form.
  const csrf = csrfFrom(await (await barnsley.request.get(`${server.url}/moderate/`)).text());
  expect(csrf).toBeTruthy();
  expect((await barnsley.request.post(`${server.url}/_actions/moderate`, { form: { id: 'x', decision: 'delete', message: TEXTS.message }, headers: { Origin: server.url } })).status()).toBe(403);
  await barnsley.getByRole('button', { name: 'Sign out' }).click();
  await other.close();
  await context.close();
});

test('afterwards: nothing of it in the output or DATA_DIR, and DATA_DIR is private', async () => {
  expect(await server.stop()).toBe(0);
  const output = server.output();
  recordServerRun('privacy', output, dataDir);
  expect(output).toContain('Voices is listening on');
  expect(receipts).toHaveLength(3);
  // Nowhere, in the output or in clear in DATA_DIR: the texts, receipts, passwords and the accounts' app secrets.
  const appSecrets = [ADMIN, BARNSLEY].map((account) => testFactors(account.email).totpSecret);
  const secrets = [...Object.values(TEXTS), ...receipts, ADMIN.password, BARNSLEY.password, NEW_PASSWORD, ADDED_PASSWORD, WRONG_PASSWORD, ...appSecrets];
  expect(privacyProblems(output, dataDir, secrets)).toEqual([]);
  // Not in the output (an account's email is kept in DATA_DIR with its account). The stamp is in
  // every email, and shorter than privacyProblems looks for, as are the receipts and the forwarded address.
  for (const value of [ADMIN.email, `nobody-${stamp}@example.org`, ...receipts, FORWARDED, stamp]) expect(output).not.toContain(value);

  // DATA_DIR: no address, user agent or forwarded address anywhere, typed text included; no
  // receipt (only its keyed hash); the withdrawn and declined words gone; 0700 and 0600.
  const files = readdirSync(dataDir);
  expect(files.sort()).toEqual(['mfa.key', 'secret.key', 'voices.json']);
  const data = readFileSync(join(dataDir, 'voices.json'), 'utf8');
  for (const value of [...CLIENT_ADDRESSES, PRIVACY_USER_AGENT, FORWARDED, ...receipts, TEXTS.withdrawn, TEXTS.declined, TEXTS.json]) expect(data).not.toContain(value);
  for (const password of [ADMIN.password, NEW_PASSWORD, ADDED_PASSWORD]) expect(data).not.toContain(password);
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  for (const file of files) expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
});
