// Every state-changing route refuses another site (a foreign Origin or
// Sec-Fetch-Site: cross-site) and, for facilitators' actions, a missing or wrong CSRF token,
// with 403; and no GET (or other method) changes anything. Actions and routes are read from the
// source (support/routes.ts), so one added later is covered without being named here.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { actionNames, newRequestContext, pageRoutes, postShare, shareToken, signInWith, urlFor, VISITOR_ACTIONS } from './support/routes';
import { dataRequestsChange, serveSeeded, submission, type Account } from './support/seed';
import type { TestServer } from './support/server';

const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: 'csrf admin password 1' };
const SHEFFIELD: Account = { email: 'sheffield@example.org', role: 'facilitator', place: 'sheffield', password: 'csrf sheffield password' };
const PENDING = submission({ body: 'Words a forged request must not touch' });
const CONTROL = submission({ body: 'Words the one real decision deletes' });
const ACTIONS = actionNames();
const FACILITATOR_ACTIONS = ACTIONS.filter((name) => !VISITOR_ACTIONS.includes(name));
/** Ways another site's request shows itself; "another port" is the server's port plus one. */
const crossSite = (base: string): Record<string, Record<string, string>> => ({
  'a foreign Origin': { Origin: 'https://evil.example' },
  'Sec-Fetch-Site: cross-site': { 'Sec-Fetch-Site': 'cross-site' },
  'Sec-Fetch-Site: cross-site with Origin: null': { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' },
  'Sec-Fetch-Site: same-site (another subdomain)': { 'Sec-Fetch-Site': 'same-site' },
  'an Origin on another port': { Origin: `http://localhost:${Number(new URL(base).port) + 1}` },
});

let server: TestServer;
let admin: APIRequestContext;
let csrf: string;
let receipt: string;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded(
    { accounts: [ADMIN, SHEFFIELD], submissions: [PENDING, CONTROL] },
    { SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0', STATUS_LIMIT_10MIN: '0' },
  );
  admin = await newRequestContext(server.url);
  csrf = await signInWith(admin, server.url, ADMIN);
  receipt = (await postShare(admin, server.url, { body: `Words with a receipt a forged withdraw must not use ${Date.now()}` })).receipt!;
});
test.afterAll(async () => {
  await admin?.dispose();
  await server?.stop();
});

const snapshot = () => dataRequestsChange(server.dataDir);

/** A form with what any action might read, so that only the check under test can stop it. */
async function everyField(overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const today = new Date().toISOString().slice(0, 10);
  return {
    csrf, id: PENDING.id, decision: 'delete', token: await shareToken(admin, server.url), kind: 'view', body: 'Words from another site',
    title: 'A title', penName: '', place: 'sheffield', publish: 'yes', code: receipt, email: 'forged@example.org', role: 'admin',
    password: 'a long enough password', question: 'A forged question?', context: '', opensOn: today, closesOn: today, hours: '2', weDid: 'Forged outcome',
    prompt: '', message: '', ...overrides,
  };
}

/** The routes an action is reached by: its endpoint, and as a form on an on-demand page. */
const actionRoutes = (name: string) => [`/_actions/${name}`, `/moderate/?_action=${name}`, `/share/?_action=${name}`, `/moderate/${PENDING.id}?_action=${name}`];

test('the actions are found in the source, and the server knows every one', async () => {
  expect(ACTIONS).toEqual(expect.arrayContaining(['share', 'shareStatus', 'withdraw', 'signIn', 'signOut', 'moderate', 'facilitatorAdd', 'facilitatorDisable', 'facilitatorSetPassword']));
  for (const name of ACTIONS) {
    // An unknown action is a 404 from Astro; a known one reaches its handler (refused here for the missing token or fields).
    const response = await admin.post(`${server.url}/_actions/${name}`, { form: { csrf: 'not-the-token' }, headers: { Origin: server.url } });
    expect(response.status(), name).not.toBe(404);
  }
});

test('every action refuses another site with 403, by its endpoint and as a form, and nothing changes', async () => {
  test.setTimeout(120_000);
  const before = snapshot();
  const problems: string[] = [];
  for (const name of ACTIONS) {
    for (const path of actionRoutes(name)) {
      for (const [what, headers] of Object.entries(crossSite(server.url))) {
        const response = await admin.post(`${server.url}${path}`, { form: await everyField(), headers, maxRedirects: 0 });
        if (response.status() !== 403) problems.push(`${path} with ${what}: ${response.status()}`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(snapshot()).toBe(before);
  // Still signed in: a refused sign-out or sign-in changed nothing either.
  expect((await admin.get(`${server.url}/moderate/`, { maxRedirects: 0 })).status()).toBe(200);

  // The same forms from this site do work, so it was the origin that was refused.
  const sent = await postShare(admin, server.url, { body: `Sent from this site ${Date.now()}` });
  expect(sent.status).toBe(200);
  const browserForm = await admin.post(`${server.url}/share/status/?_action=shareStatus`, { form: { code: receipt }, headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' } });
  expect(browserForm.status(), 'a browser under no-referrer sends Origin: null from our own page').toBe(200);
});

test('every facilitator action refuses a missing, empty, wrong or another session’s CSRF token with 403, and nothing changes', async () => {
  test.setTimeout(120_000);
  const other = await newRequestContext(server.url);
  const othersToken = await signInWith(other, server.url, SHEFFIELD);
  expect(othersToken).not.toBe(csrf);
  const before = snapshot();
  const problems: string[] = [];
  const tokens: Record<string, string | undefined> = { missing: undefined, empty: '', wrong: 'x'.repeat(43), "another session's": othersToken, 'this one with a space': `${csrf} ` };
  for (const name of FACILITATOR_ACTIONS) {
    for (const [what, token] of Object.entries(tokens)) {
      const form = await everyField();
      if (token === undefined) delete form.csrf;
      else form.csrf = token;
      const rpc = await admin.post(`${server.url}/_actions/${name}`, { form, headers: { Origin: server.url } });
      if (rpc.status() !== 403) problems.push(`/_actions/${name} with ${what} token: ${rpc.status()}`);
      for (const path of actionRoutes(name).slice(1)) {
        const page = await admin.post(`${server.url}${path}`, { form, headers: { Origin: server.url }, maxRedirects: 0 });
        // A page that shows this action's result says 403; any page at all must not report it done.
        if (page.status() === 303 || page.status() >= 500) problems.push(`${path} with ${what} token: ${page.status()} ${page.headers().location ?? ''}`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(snapshot()).toBe(before);
  expect((await admin.get(`${server.url}/moderate/`, { maxRedirects: 0 })).status()).toBe(200);

  // With this session's token the same form does work: it was the token that was refused.
  const done = await admin.post(`${server.url}/moderate/${CONTROL.id}?_action=moderate`, { form: await everyField({ id: CONTROL.id }), headers: { Origin: server.url }, maxRedirects: 0 });
  expect(done.status()).toBe(303);
  expect(done.headers().location).toBe('/moderate/?done=delete');
  expect(snapshot()).not.toBe(before);
  await other.dispose();
});

test('no GET changes anything but a view of an item page, whatever the query asks, on any route; nor do other methods', async () => {
  test.setTimeout(120_000);
  const before = snapshot();
  const query = new URLSearchParams(await everyField());
  const fill = (param: string) => (param === 'id' ? PENDING.id : 'x');
  const paths = [...pageRoutes().map((route) => urlFor(route, fill)), ...ACTIONS.map((name) => `/_actions/${name}`)];
  const problems: string[] = [];
  for (const path of paths) {
    for (const name of ACTIONS) {
      query.set('_action', name);
      const response = await admin.get(`${server.url}${path}?${query}`, { maxRedirects: 0 });
      if (response.status() >= 500) problems.push(`GET ${path}?_action=${name}: ${response.status()}`);
    }
  }
  for (const name of ACTIONS) {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await admin.fetch(`${server.url}/_actions/${name}`, { method, form: await everyField(), headers: { Origin: server.url }, maxRedirects: 0 });
      if (response.status() < 400 || response.status() >= 500) problems.push(`${method} /_actions/${name}: ${response.status()}`);
    }
  }
  expect(paths.length).toBeGreaterThan(20);
  expect(problems).toEqual([]);
  // Viewing an item's page records the view and nothing else: that it has been opened (its reminders
  // stop) and who has it open (docs/safeguarding.md). Whatever the query asked, nothing else changed.
  const [was, now] = [JSON.parse(before), JSON.parse(snapshot())];
  expect(now.attention).toEqual([...was.attention, { itemId: PENDING.id, openedAt: expect.any(String), reminders: 0, remindedAt: null }]);
  expect(now.presence.map((p: { itemId: string }) => p.itemId)).toEqual([PENDING.id]);
  expect(JSON.stringify({ ...now, attention: was.attention, presence: was.presence })).toBe(before);
  expect((await admin.get(`${server.url}/moderate/${PENDING.id}`)).status()).toBe(200);
});
