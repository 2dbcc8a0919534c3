import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { markupProblems } from './support/markup';
import { readData, serveSeeded, type Account } from './support/seed';
import type { TestServer } from './support/server';
import { sessionCookie, signIn, SESSION_COOKIE } from './support/signIn';

// One server, started the way an operator would: accounts made with the command line first.
test.describe.configure({ mode: 'serial' });

const admin: Account = { email: 'admin@example.org', role: 'admin', password: 'admin password long enough' };
const sheffield: Account = { email: 'sheffield@example.org', role: 'facilitator', place: 'sheffield', password: 'sheffield password 123' };
const barnsley: Account = { email: 'barnsley@example.org', role: 'facilitator', place: 'barnsley', password: 'barnsley password 123' };
const locked: Account = { email: 'locked@example.org', role: 'facilitator', place: 'derby', password: 'derby password 12345' };
const leaver: Account = { email: 'leaver@example.org', role: 'facilitator', place: 'doncaster', password: 'doncaster password 1' };

let server: TestServer;
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [admin, sheffield, barnsley, locked, leaver] });
});
test.afterAll(async () => server?.stop());

const post = (request: APIRequestContext, path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  request.post(`${server.url}${path}`, { form, headers: { Origin: server.url, ...headers }, maxRedirects: 0 });

async function submitSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const response = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Sign in' }).click();
  return response;
}

test('signed out, every moderation page sends you to sign in, and nothing sets a cookie', async ({ page, request }) => {
  for (const path of ['/moderate/', '/moderate/facilitators', '/moderate/audit', '/moderate/some-item-id']) {
    const response = await request.get(`${server.url}${path}`, { maxRedirects: 0 });
    expect(response.status(), path).toBe(303);
    expect(response.headers().location).toBe('/moderate/login');
    expect(response.headers()['cache-control']).toBe('no-store');
    expect(response.headers()['set-cookie']).toBeUndefined();
  }
  await page.goto(`${server.url}/moderate/`);
  await expect(page).toHaveURL(`${server.url}/moderate/login`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  for (const path of ['/', '/share/', '/moderate/login']) {
    const response = await request.get(`${server.url}${path}`);
    expect(response.headers()['set-cookie'], path).toBeUndefined();
  }
  expect(await page.context().cookies()).toEqual([]);
});

test('sign in: the cookie is __Host-, HttpOnly, Secure, SameSite=Strict, Path=/, a browser-session cookie', async ({ page }) => {
  await signIn(page, server.url, admin);
  const cookie = await sessionCookie(page);
  expect(cookie).toMatchObject({ name: SESSION_COOKIE, domain: 'localhost', path: '/', httpOnly: true, secure: true, sameSite: 'Strict', expires: -1 });
  expect(cookie!.value).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.locator('[data-signed-in]')).toHaveText(admin.email);
  const response = await page.request.get(`${server.url}/moderate/`);
  expect(response.headers()['cache-control']).toBe('no-store');
  // The store keeps the session under DATA_DIR; the audit log names the facilitator by id only.
  const data = readData(server.dataDir);
  expect(data.sessions.map((s) => s.id)).toContain(cookie!.value);
  const id = data.facilitators.find((f) => f.email === admin.email)!.id;
  expect(data.audit).toContainEqual({ at: expect.any(String), actor: id, action: 'sign-in', target: id });
  expect(JSON.stringify(data.audit)).not.toContain('example.org');
});

test('the session id changes at sign-in, and the old one is worth nothing', async ({ page, browser }) => {
  await signIn(page, server.url, sheffield);
  const before = (await sessionCookie(page))!.value;
  // Signing in again from the same browser (here as someone else) gives a new id.
  const again = await page.request.post(`${server.url}/moderate/login?_action=signIn`, {
    form: { email: barnsley.email, password: barnsley.password },
    headers: { Origin: server.url },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(303);
  const after = (await sessionCookie(page))!.value;
  expect(after).not.toBe(before);
  expect(readData(server.dataDir).sessions.map((s) => s.id)).not.toContain(before);

  const replay = await browser.newContext();
  await replay.addCookies([{ name: SESSION_COOKIE, value: before, domain: 'localhost', path: '/', httpOnly: true, secure: true, sameSite: 'Strict' }]);
  const old = await replay.newPage();
  await old.goto(`${server.url}/moderate/`);
  await expect(old).toHaveURL(`${server.url}/moderate/login`);
  await replay.close();
});

test('sign out ends the session on the server: the old cookie, replayed, gets nothing', async ({ page, browser }) => {
  await signIn(page, server.url, sheffield);
  const cookie = (await sessionCookie(page))!;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/login?signed-out`);
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  expect(await sessionCookie(page)).toBeUndefined();
  expect(readData(server.dataDir).sessions.map((s) => s.id)).not.toContain(cookie.value);
  expect(readData(server.dataDir).audit.at(-1)).toMatchObject({ action: 'sign-out' });

  const replay = await browser.newContext();
  await replay.addCookies([{ name: SESSION_COOKIE, value: cookie.value, domain: 'localhost', path: '/', httpOnly: true, secure: true, sameSite: 'Strict' }]);
  const old = await replay.newPage();
  const response = await old.request.get(`${server.url}/moderate/`, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe('/moderate/login');
  await old.goto(`${server.url}/moderate/facilitators`);
  await expect(old).toHaveURL(`${server.url}/moderate/login`);
  await replay.close();
});

test('a wrong password, an unknown email and a disabled account get the identical page', async ({ request }) => {
  const bodies: string[] = [];
  const times: number[] = [];
  for (const email of [sheffield.email, 'nobody@example.org', sheffield.email, 'nobody@example.org']) {
    const started = performance.now();
    const response = await post(request, '/moderate/login?_action=signIn', { email, password: 'not the password at all' });
    times.push(performance.now() - started);
    expect(response.status()).toBe(400);
    expect(response.headers()['set-cookie']).toBeUndefined();
    const body = (await response.text()).replaceAll(email, 'EMAIL');
    expect(body).toContain('Email or password is not right');
    bodies.push(body);
  }
  expect(new Set(bodies).size).toBe(1);
  // Both do one argon2id verification (a dummy hash for the unknown email); a loose check here.
  const [known, unknown] = [Math.min(times[0]!, times[2]!), Math.min(times[1]!, times[3]!)];
  expect(Math.abs(known - unknown)).toBeLessThan(Math.max(known, unknown));
});

test('10 wrong passwords for an account lead to 429 with how long to wait; then even the right one waits', async ({ page }) => {
  await page.goto(`${server.url}/moderate/login`);
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await submitSignIn(page, locked.email, `wrong password ${i}`)).status());
  expect(statuses).toEqual([...Array(9).fill(400), 429]);
  const refused = await submitSignIn(page, locked.email, locked.password);
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(14 * 60);
  await expect(page.locator('[data-sign-in-notice]')).toContainText('Please wait 15 minutes, then try again');
  expect(await markupProblems(page, 'sign-in-locked')).toEqual([]);
  await expect(page).toHaveURL(/\/moderate\/login/);
  expect(await sessionCookie(page)).toBeUndefined();
  // An unknown email locks the same way, so the lock gives nothing away either.
  for (let i = 0; i < 9; i++) await submitSignIn(page, 'ghost@example.org', `wrong password ${i}`);
  expect((await submitSignIn(page, 'ghost@example.org', 'wrong password 9')).status()).toBe(429);
});

test('a facilitator gets 404 for the facilitators page and its actions; admins see it', async ({ page }) => {
  await signIn(page, server.url, barnsley);
  await expect(page.getByRole('link', { name: 'Facilitators' })).toHaveCount(0);
  expect((await page.request.get(`${server.url}/moderate/facilitators`)).status()).toBe(404);
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const response = await page.request.post(`${server.url}/_actions/facilitatorAdd`, {
    form: { csrf, email: 'sneaky@example.org', role: 'admin', place: '', password: 'a long enough password' },
    headers: { Origin: server.url },
  });
  expect(response.status()).toBe(404);
  expect(readData(server.dataDir).facilitators.map((f) => f.email)).not.toContain('sneaky@example.org');
});

test('admins add a facilitator, with GOV.UK errors first, and the new account can sign in', async ({ page, browser }) => {
  await signIn(page, server.url, admin);
  await page.getByRole('link', { name: 'Facilitators' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/facilitators`);
  await expect(page.locator('[data-facilitator]')).toHaveCount(5);

  const form = page.locator('form', { has: page.getByRole('button', { name: 'Add facilitator' }) });
  await form.getByLabel('Email', { exact: true }).fill('new@example.org');
  await form.getByLabel('Place', { exact: true }).selectOption('');
  await form.getByLabel('Password', { exact: true }).fill('short');
  const invalid = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Add facilitator' }).click();
  expect((await invalid).status()).toBe(400);
  await expect(page).toHaveTitle(/^Error: Facilitators/);
  const summary = page.locator('[data-error-summary]');
  await expect(summary).toContainText('Choose the hub or spoke this facilitator works in');
  await expect(summary).toContainText('The password must be at least 12 characters (it has 5)');
  await expect(form.getByLabel('Email', { exact: true })).toHaveValue('new@example.org');
  expect(await markupProblems(page, 'facilitators-errors')).toEqual([]);

  await form.getByLabel('Place', { exact: true }).selectOption('derby');
  await form.getByLabel('Password', { exact: true }).fill('a new facilitator password');
  await page.getByRole('button', { name: 'Add facilitator' }).click();
  await expect(page).toHaveURL(`${server.url}/moderate/facilitators`);
  await expect(page.locator('[data-flash]')).toContainText('Added new@example.org');
  await expect(page.locator('[data-facilitator="new@example.org"]')).toContainText('Derby');
  expect(await markupProblems(page, 'facilitators-added')).toEqual([]);
  // The message is shown once: Post/Redirect/Get, then gone.
  await page.reload();
  await expect(page.locator('[data-flash]')).toHaveCount(0);

  const other = await browser.newContext();
  await signIn(await other.newPage(), server.url, { email: 'new@example.org', password: 'a new facilitator password' });
  await other.close();
});

test('an admin setting a new password ends that person’s sessions; the new password works', async ({ page, browser }) => {
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  await signIn(them, server.url, sheffield);

  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/moderate/facilitators`);
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Set password' }) });
  await form.getByLabel('Account', { exact: true }).selectOption({ label: sheffield.email });
  await form.getByLabel('New password').fill('sheffield new password');
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.locator('[data-flash]')).toContainText(`New password set for ${sheffield.email}`);

  await them.goto(`${server.url}/moderate/`);
  await expect(them).toHaveURL(`${server.url}/moderate/login`);
  await signIn(them, server.url, { email: sheffield.email, password: 'sheffield new password' });
  sheffield.password = 'sheffield new password';
  await theirs.close();
});

test('a disabled account is out on its very next request, and cannot sign in again', async ({ page, browser }) => {
  const theirs = await browser.newContext();
  const them = await theirs.newPage();
  await signIn(them, server.url, leaver);
  await expect(them.locator('[data-signed-in]')).toHaveText(leaver.email);

  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/moderate/facilitators`);
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Disable account' }) });
  // An admin cannot disable themselves from here: their own account is not offered.
  await expect(form.getByLabel('Account', { exact: true }).locator('option', { hasText: admin.email })).toHaveCount(0);
  await form.getByLabel('Account', { exact: true }).selectOption({ label: leaver.email });
  await page.getByRole('button', { name: 'Disable account' }).click();
  await expect(page.locator('[data-flash]')).toContainText(`Disabled ${leaver.email}`);
  await expect(page.locator(`[data-facilitator="${leaver.email}"]`)).toContainText('Disabled');
  const id = readData(server.dataDir).facilitators.find((f) => f.email === leaver.email)!.id;
  expect(readData(server.dataDir).audit.at(-1)).toMatchObject({ action: 'facilitator-disable', target: id });

  await them.reload();
  await expect(them).toHaveURL(`${server.url}/moderate/login`);
  expect(await sessionCookie(them)).toBeUndefined();
  const again = await submitSignIn(them, leaver.email, leaver.password);
  expect(again.status()).toBe(400);
  await expect(them.locator('[data-error-summary]')).toContainText('Email or password is not right');
  await theirs.close();
});

test('cross-site posts and posts without the CSRF token are refused with 403', async ({ page, request }) => {
  const evil = await post(request, '/moderate/login?_action=signIn', { email: admin.email, password: admin.password }, { Origin: 'https://evil.example' });
  expect(evil.status()).toBe(403);
  expect(evil.headers()['set-cookie']).toBeUndefined();
  const crossSite = await post(request, '/moderate/login?_action=signIn', { email: admin.email, password: admin.password }, { 'Sec-Fetch-Site': 'cross-site' });
  expect(crossSite.status()).toBe(403);

  await signIn(page, server.url, admin);
  const count = () => readData(server.dataDir).facilitators.length;
  const before = count();
  const fields = { email: 'csrf@example.org', role: 'admin', place: '', password: 'a long enough password' };
  for (const csrf of [undefined, '', 'wrong-token']) {
    const form = csrf === undefined ? fields : { ...fields, csrf };
    const viaPage = await page.request.post(`${server.url}/moderate/facilitators?_action=facilitatorAdd`, { form, headers: { Origin: server.url }, maxRedirects: 0 });
    expect(viaPage.status(), `page form, csrf ${csrf}`).toBe(403);
    const viaRpc = await page.request.post(`${server.url}/_actions/facilitatorAdd`, { form, headers: { Origin: server.url } });
    expect(viaRpc.status(), `rpc, csrf ${csrf}`).toBe(403);
  }
  for (const action of ['facilitatorDisable', 'facilitatorSetPassword', 'signOut']) {
    const response = await page.request.post(`${server.url}/_actions/${action}`, { form: { id: 'x', password: 'whatever password' }, headers: { Origin: server.url } });
    expect(response.status(), action).toBe(403);
  }
  expect(count()).toBe(before);
  // Still signed in: a refused sign-out changed nothing.
  await page.goto(`${server.url}/moderate/`);
  await expect(page.locator('[data-signed-in]')).toHaveText(admin.email);
});

test('the markup checkers find nothing on the sign-in page, with and without errors, or on the facilitators page', async ({ page }) => {
  await page.goto(`${server.url}/moderate/login`);
  expect(await markupProblems(page, 'sign-in')).toEqual([]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-error-summary]')).toContainText('Enter your email address');
  await expect(page).toHaveTitle(/^Error: Sign in/);
  expect(await markupProblems(page, 'sign-in-errors')).toEqual([]);
  await submitSignIn(page, 'someone@example.org', 'not the password at all');
  await expect(page.locator('[data-error-summary]')).toContainText('Email or password is not right');
  expect(await markupProblems(page, 'sign-in-refused')).toEqual([]);

  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/moderate/facilitators`);
  expect(await markupProblems(page, 'facilitators')).toEqual([]);
});

test('nothing secret reaches the server output', async () => {
  const output = server.output();
  for (const account of [admin, sheffield, barnsley, locked, leaver]) {
    expect(output).not.toContain(account.password);
    expect(output).not.toContain(account.email);
  }
  expect(output).not.toContain('ghost@example.org');
});
