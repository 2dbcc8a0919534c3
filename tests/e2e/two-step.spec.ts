// Two-step sign-in in a real browser: the password alone reaches nothing; a passkey registered and
// used through Chromium's virtual authenticator; an authenticator app set up from its key (and its
// QR code, scanned), codes accepted once; recovery codes once each; the lock on wrong codes;
// managing factors (never the last); an admin's reset and the command line's; the markup checkers
// on every page of the flow; and no secret in the server's output or in DATA_DIR in clear.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { ROOT } from './support/content';
import { markupProblems } from './support/markup';
import { recordServerRun } from './support/privacy';
import { addAccount, readData, serveSeeded, type Account } from './support/seed';
import { nextTotpCode, rememberApp, testFactors, virtualAuthenticator } from './support/secondStep';
import { spawnServer, type TestServer } from './support/server';
import { giveSecondStep, givePassword, sessionCookie, setUpApp, signIn, SESSION_COOKIE } from './support/signIn';

const account = (name: string, role: Account['role'] = 'facilitator', secondStep?: 'none'): Account => ({
  email: `${name}@example.org`, role, place: role === 'facilitator' ? 'sheffield' : undefined, password: `${name} password, long enough`, ...(secondStep ? { secondStep } : {}),
});
const ADMIN = account('admin', 'admin');
const KEYS = account('keys', 'facilitator', 'none');
const APP = account('app', 'facilitator', 'none');
const GUESSED = account('guessed');
const LOSER = account('loser');

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [ADMIN, KEYS, APP, GUESSED, LOSER] });
});
test.afterAll(async () => server?.stop());

const idOf = (email: string) => readData(server.dataDir).facilitators.find((f) => f.email === email)!.id;

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/login?signed-out`);
}

/** A code typed at /moderate/verify; the response to it. */
async function typeCode(page: Page, code: string) {
  await page.getByLabel('Code', { exact: true }).fill(code);
  const response = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Continue' }).click();
  return response;
}

/** What the QR code on the page says, read from a screenshot of it as a phone's camera would. */
async function scanQrCode(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.locator('.qr-code svg').screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error('no QR code could be read on the page');
  return found.data;
}

test('the password alone reaches nothing: it leads to /moderate/verify under a new session id, and the second step gives another', async ({ page, browser }) => {
  await givePassword(page, server.url, ADMIN);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check it’s you');
  const half = (await sessionCookie(page))!.value;
  for (const path of ['/moderate/', '/moderate/facilitators', '/moderate/audit', '/moderate/security', '/moderate/reports.csv']) {
    await page.goto(`${server.url}${path}`);
    await expect(page, path).toHaveURL(`${server.url}/moderate/verify`);
  }
  // No way round it in the page either: only signing out.
  await expect(page.getByRole('navigation', { name: 'Moderation' })).toHaveCount(0);
  await expect(page.getByText(`Signing in as ${ADMIN.email}`)).toBeVisible();
  expect(await markupProblems(page, 'verify')).toEqual([]);
  await giveSecondStep(page, server.url, ADMIN.email);
  const full = (await sessionCookie(page))!.value;
  expect(full).not.toBe(half);
  expect(readData(server.dataDir).sessions.map((s) => s.id)).not.toContain(half);
  // The half-signed-in id, replayed, is worth nothing.
  const replay = await browser.newContext();
  await replay.addCookies([{ name: SESSION_COOKIE, value: half, domain: 'localhost', path: '/', httpOnly: true, secure: true, sameSite: 'Strict' }]);
  const old = await replay.newPage();
  await old.goto(`${server.url}/moderate/`);
  await expect(old).toHaveURL(`${server.url}/moderate/login`);
  await replay.close();
  const audit = readData(server.dataDir).audit.filter((e) => e.target === idOf(ADMIN.email)).map((e) => e.action);
  expect(audit.slice(-2)).toEqual(['sign-in-password', 'sign-in']);
});

test('a passkey: registered at the first sign-in through Chromium’s virtual authenticator, then used to sign in', async ({ page }) => {
  await givePassword(page, server.url, KEYS);
  await expect(page).toHaveURL(`${server.url}/moderate/security`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up a second step');
  // An account with no factor yet reaches this page and nothing else.
  await page.goto(`${server.url}/moderate/`);
  await expect(page).toHaveURL(`${server.url}/moderate/security`);
  await page.goto(`${server.url}/moderate/verify`);
  await expect(page).toHaveURL(`${server.url}/moderate/security`);
  expect(await markupProblems(page, 'security-first-factor')).toEqual([]);

  const authenticator = await virtualAuthenticator(page);
  await page.reload();
  // A name first: asked for before the browser is.
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Give this passkey a name');
  expect(await authenticator.credentials()).toEqual([]);
  expect(await markupProblems(page, 'security-passkey-error')).toEqual([]);
  await page.getByLabel('Name for this passkey').fill('Work laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.locator('[data-flash]')).toHaveText('Your passkey "Work laptop" is added.');
  const codes = (await page.locator('[data-recovery-codes]').innerText()).trim().split('\n');
  expect(codes).toHaveLength(10);
  for (const code of codes) server.keepSecret(code);
  const [credential] = await authenticator.credentials();
  expect(credential).toMatchObject({ rpId: 'localhost', isResidentCredential: true });
  expect(readData(server.dataDir).passkeys.filter((p) => p.facilitatorId === idOf(KEYS.email))).toEqual([
    expect.objectContaining({ name: 'Work laptop', id: Buffer.from(credential!.credentialId, 'base64').toString('base64url') }),
  ]);
  // Setting it up finished signing in.
  await expect(page.getByRole('navigation', { name: 'Moderation' })).toBeVisible();
  expect(await markupProblems(page, 'security-recovery-codes')).toEqual([]);

  await signOut(page);
  await givePassword(page, server.url, KEYS);
  await expect(page).toHaveURL(`${server.url}/moderate/verify`);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/`);
  const stored = readData(server.dataDir).passkeys.find((p) => p.facilitatorId === idOf(KEYS.email))!;
  expect(stored.counter).toBeGreaterThan(0);
  expect(stored.lastUsedAt).not.toBeNull();
  await authenticator.remove();
});

test('an authenticator app: set up from data-totp-secret (its QR code says the same), then a code signs in once; a recovery code works once', async ({ page }) => {
  await givePassword(page, server.url, APP);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.locator('[data-totp-secret]').innerText()).replace(/\s+/g, '');
  server.keepSecret(secret);
  rememberApp(server.url, APP.email, secret);
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const uri = await scanQrCode(page);
  const scanned = new URL(uri);
  expect(scanned.protocol).toBe('otpauth:');
  expect(decodeURIComponent(scanned.pathname)).toBe(`/Voices:${APP.email}`);
  expect(scanned.searchParams.get('secret')).toBe(secret);
  expect(scanned.searchParams.get('issuer')).toBe('Voices');
  await expect(page.getByRole('link', { name: 'Open it in your authenticator app' })).toHaveAttribute('href', uri);
  expect(await markupProblems(page, 'security-app-set-up')).toEqual([]);

  // It counts only once a right code confirms it.
  await page.getByLabel('Enter the 6-digit code the app shows').fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('That code is not right');
  expect(readData(server.dataDir).totp.filter((t) => t.facilitatorId === idOf(APP.email))).toEqual([]);
  expect(await markupProblems(page, 'security-app-wrong-code')).toEqual([]);
  await page.getByLabel('Enter the 6-digit code the app shows').fill(await nextTotpCode(server.url, APP.email));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.locator('[data-flash]')).toHaveText('Your authenticator app is set up.');
  const recovery = (await page.locator('[data-recovery-codes]').innerText()).trim().split('\n');
  for (const code of recovery) server.keepSecret(code);
  await signOut(page);

  // A code signs in; the same code again does not.
  await givePassword(page, server.url, APP);
  const code = await nextTotpCode(server.url, APP.email);
  expect((await typeCode(page, code)).status()).toBe(303);
  await expect(page).toHaveURL(`${server.url}/moderate/`);
  await signOut(page);
  await givePassword(page, server.url, APP);
  const again = await typeCode(page, code);
  expect(again.status()).toBe(400);
  await expect(page.locator('[data-error-summary]')).toContainText('That code has been used already');
  await expect(page.getByLabel('Code', { exact: true })).toHaveValue('');
  expect(await markupProblems(page, 'verify-used-code')).toEqual([]);
  // A recovery code works once, in the same field.
  expect((await typeCode(page, recovery[0]!)).status()).toBe(303);
  await expect(page.locator('[data-flash]')).toContainText('You used a recovery code. You have 9 left');
  await signOut(page);
  await givePassword(page, server.url, APP);
  expect((await typeCode(page, recovery[0]!)).status()).toBe(400);
  await expect(page.locator('[data-error-summary]')).toContainText('That code is not right');
  expect((await typeCode(page, recovery[1]!.toLowerCase())).status()).toBe(303);
  await expect(page).toHaveURL(`${server.url}/moderate/`);
});

test('5 wrong codes lock the account’s codes (429, how long to wait), even the right one; a passkey still signs in', async ({ page }) => {
  await givePassword(page, server.url, GUESSED);
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await typeCode(page, String(100_000 + i))).status());
  expect(statuses).toEqual([400, 400, 400, 400, 429]);
  const refused = await typeCode(page, await nextTotpCode(server.url, GUESSED.email));
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(14 * 60);
  await expect(page.locator('[data-second-step-notice]')).toContainText('Please wait 15 minutes, then sign in again. A passkey still works.');
  expect(await markupProblems(page, 'verify-locked')).toEqual([]);
  await giveSecondStep(page, server.url, GUESSED.email);
  await expect(page).toHaveURL(`${server.url}/moderate/`);
});

test('managing factors: never the last one; a passkey added, the app removed; new recovery codes replace the old', async ({ page }) => {
  await signIn(page, server.url, APP);
  await page.goto(`${server.url}/moderate/security`);
  expect(await markupProblems(page, 'security')).toEqual([]);
  // One factor: no way to remove it, and the action refuses it too.
  await expect(page.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const last = await page.request.post(`${server.url}/moderate/security?_action=factorRemove`, { form: { csrf, factor: 'totp' }, headers: { Origin: server.url }, maxRedirects: 0 });
  expect(last.status()).toBe(400);
  expect(await last.text()).toContain('You can’t remove your only passkey or app');
  expect(readData(server.dataDir).totp.some((t) => t.facilitatorId === idOf(APP.email))).toBe(true);

  const authenticator = await virtualAuthenticator(page);
  await page.reload();
  await page.getByLabel('Name for this passkey').fill('Phone');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.locator('[data-flash]')).toHaveText('Your passkey "Phone" is added.');
  await expect(page.locator('[data-factor]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Remove authenticator app' }).click();
  await expect(page.locator('[data-flash]')).toHaveText('Your authenticator app is removed.');
  await expect(page.locator('[data-factor]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^Remove/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Make new recovery codes' }).click();
  const fresh = (await page.locator('[data-recovery-codes]').innerText()).trim().split('\n');
  for (const code of fresh) server.keepSecret(code);
  expect(fresh).toHaveLength(10);
  // Shown once: not again on the next visit.
  await page.reload();
  await expect(page.locator('[data-recovery-codes]')).toHaveCount(0);
  await expect(page.locator('[data-recovery-codes-left]')).toContainText('10 of 10 unused');
  const audit = readData(server.dataDir).audit.filter((e) => e.target === idOf(APP.email) && e.action.startsWith('mfa-')).map((e) => e.action);
  expect(audit).toEqual(['mfa-totp-add', 'mfa-recovery-codes-new', 'mfa-recovery-code-used', 'mfa-recovery-code-used', 'mfa-passkey-add', 'mfa-totp-remove', 'mfa-recovery-codes-new']);
  await authenticator.remove();
});

test('an admin resets another’s second step at /moderate/facilitators: their sessions end, and they set one up at their next sign-in', async ({ page, browser }) => {
  const theirs = await (await browser.newContext()).newPage();
  await signIn(theirs, server.url, LOSER);
  await signIn(page, server.url, ADMIN);
  await page.goto(`${server.url}/moderate/facilitators`);
  await expect(page.locator(`[data-facilitator="${LOSER.email}"] [data-second-step]`)).toHaveText('Set up');
  await expect(page.locator(`[data-facilitator="${KEYS.email}"] [data-second-step]`)).toHaveText('Set up');
  const reset = page.locator('form', { has: page.getByRole('button', { name: 'Reset second step' }) });
  await expect(reset.getByRole('option', { name: ADMIN.email })).toHaveCount(0);
  await page.getByRole('button', { name: 'Reset second step' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Choose whose second step to reset');
  expect(await markupProblems(page, 'facilitators-reset-error')).toEqual([]);
  await reset.getByLabel('Account').selectOption({ label: LOSER.email });
  await page.getByRole('button', { name: 'Reset second step' }).click();
  await expect(page.locator('[data-flash]')).toContainText(`Reset the second step of ${LOSER.email}`);
  await expect(page.locator(`[data-facilitator="${LOSER.email}"] [data-second-step]`)).toHaveText('Not yet: set up at next sign-in');
  expect(await markupProblems(page, 'facilitators')).toEqual([]);
  const id = idOf(LOSER.email);
  const data = readData(server.dataDir);
  expect([data.totp, data.passkeys, data.recoveryCodes].map((list) => list.filter((f) => f.facilitatorId === id))).toEqual([[], [], []]);
  expect(data.audit.at(-1)).toMatchObject({ actor: idOf(ADMIN.email), action: 'mfa-reset', target: id });

  await theirs.goto(`${server.url}/moderate/`);
  await expect(theirs).toHaveURL(`${server.url}/moderate/login`);
  await givePassword(theirs, server.url, LOSER);
  await expect(theirs).toHaveURL(`${server.url}/moderate/security`);
  server.keepSecret(await setUpApp(theirs, server.url, LOSER.email));
  await theirs.context().close();
});

test('npm run facilitator -- reset-mfa, while the server is stopped: the account’s sessions end, and it sets one up at its next sign-in', async ({ page }) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'voices-reset-mfa-')), 'data');
  const who = account('cli-reset');
  const secrets = [who.password, testFactors(who.email).totpSecret];
  await addAccount(dataDir, who);
  let running = await spawnServer({ dataDir });
  try {
    await signIn(page, running.url, who);
    await running.stop();
    recordServerRun('server', running.output(), dataDir, secrets);
    const reset = spawnSync(process.execPath, ['scripts/facilitator.ts', 'reset-mfa', who.email], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', MFA_KEY: '' }, encoding: 'utf8' });
    expect(reset.status, reset.stderr).toBe(0);
    expect(readData(dataDir).passkeys).toEqual([]);
    running = await spawnServer({ dataDir });
    // The browser still holds the session cookie from before: it is over.
    await page.goto(`${running.url}/moderate/`);
    await expect(page).toHaveURL(`${running.url}/moderate/login`);
    await givePassword(page, running.url, who);
    await expect(page).toHaveURL(`${running.url}/moderate/security`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Set up a second step');
  } finally {
    await running.stop();
    recordServerRun('server', running.output(), dataDir, secrets);
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
});

test('no secret in the server’s output or in DATA_DIR in clear: app secrets sealed under a key beside the data, not in it', async () => {
  const secrets = [...[ADMIN, GUESSED].map((a) => testFactors(a.email).totpSecret), ...[ADMIN, KEYS, APP, GUESSED, LOSER].map((a) => a.password)];
  const output = server.output();
  const files = readdirSync(server.dataDir).map((name) => ({ name, text: readFileSync(join(server.dataDir, name)).toString('latin1') }));
  expect(files.map((f) => f.name).sort()).toEqual(expect.arrayContaining(['mfa.key', 'secret.key', 'voices.json']));
  const key = readFileSync(join(server.dataDir, 'mfa.key'));
  const data = files.find((f) => f.name === 'voices.json')!.text;
  for (const text of [key.toString('base64'), key.toString('hex'), key.toString('base64url')]) expect(data).not.toContain(text);
  for (const secret of secrets) {
    expect(output).not.toContain(secret);
    for (const file of files) expect(file.text.includes(secret), `${file.name} holds a secret`).toBe(false);
  }
  // Every app secret the store holds is sealed under the key beside it.
  const stored = readData(server.dataDir).totp;
  expect(stored.length).toBeGreaterThan(2);
  expect(new Set(stored.map((t) => t.keyId)).size).toBe(1);
  // The recovery codes and app keys met in the tests are checked the same way when the server stops (server.keepSecret).
});
