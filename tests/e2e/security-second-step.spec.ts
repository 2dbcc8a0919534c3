// A session with the password only (half signed in) gets nothing: every route under /moderate/
// (read from src/pages/moderate) sends it to the one page it may use, /moderate/verify (or, for an
// account with no factor yet, /moderate/security), and every action (read from src/actions)
// refuses it as it refuses someone signed out, with the session's own CSRF token in the form.
// Nothing in the store changes.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { actionNames, csrfFrom, givePasswordWith, newRequestContext, pageRoutes, urlFor, VISITOR_ACTIONS } from './support/routes';
import { readData, serveSeeded, submission, type Account } from './support/seed';
import type { TestServer } from './support/server';

const WITH_FACTOR: Account = { email: 'with@example.org', role: 'admin', password: 'password only, with a passkey' };
const WITHOUT: Account = { email: 'without@example.org', role: 'admin', password: 'password only, nothing else yet', secondStep: 'none' };
const ITEM = submission({ body: 'Words a password alone must never reach' });

/** The half-signed-in session's own page and the actions it may use there; everything else refuses it. */
const HALVES = [
  { account: WITH_FACTOR, page: '/moderate/verify', actions: ['verifyCode', 'verifyPasskey'] },
  { account: WITHOUT, page: '/moderate/security', actions: ['totpStart', 'totpConfirm', 'passkeyAdd'] },
];

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [WITH_FACTOR, WITHOUT], submissions: [ITEM] });
});
test.afterAll(async () => server?.stop());

/** The store without sessions (a half-signed-in session is one) and without audit entries of signing in. */
const snapshot = () => {
  const { sessions: _, audit, ...rest } = readData(server.dataDir);
  return JSON.stringify({ ...rest, audit: audit.filter((e) => !e.action.startsWith('sign-')) });
};

/** A form with what any action might read, so that only the session can stop it. */
const everyField = (csrf: string): Record<string, string> => ({
  csrf, id: ITEM.id, decision: 'delete', title: '', body: 'Changed by a password alone', penName: '', message: '', email: 'sneaky@example.org', role: 'admin',
  place: 'sheffield', password: 'a long enough password here', question: 'A question?', context: '', opensOn: '2026-01-01', closesOn: '2026-01-02', hours: '2',
  weDid: 'Nothing', prompt: '', code: '123456', credential: '{}', name: 'A passkey', factor: 'totp',
});

for (const half of HALVES) {
  test(`half signed in ${half.account.secondStep === 'none' ? 'with no factor yet' : 'with a factor to give'}: every page but ${half.page} and every other action refuses it`, async () => {
    test.setTimeout(120_000);
    const request: APIRequestContext = await newRequestContext(server.url);
    await givePasswordWith(request, server.url, half.account);
    const ownPage = await request.get(`${server.url}${half.page}`, { maxRedirects: 0 });
    expect(ownPage.status()).toBe(200);
    const csrf = csrfFrom(await ownPage.text());
    const before = snapshot();
    const problems: string[] = [];

    const routes = pageRoutes('moderate');
    expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/moderate', '/moderate/[id]', '/moderate/verify', '/moderate/security', '/moderate/facilitators', '/moderate/reports.csv']));
    for (const route of routes) {
      const path = urlFor(route, (param) => (param === 'id' ? ITEM.id : 'x'));
      const allowed = route.pattern === half.page || route.pattern === '/moderate/login';
      const got = await request.get(`${server.url}${path}`, { maxRedirects: 0 });
      if (allowed ? got.status() !== 200 : got.status() !== 303 || got.headers().location !== half.page) problems.push(`GET ${path}: ${got.status()} ${got.headers().location ?? ''}`);
      if ((await got.text()).includes(ITEM.body!)) problems.push(`GET ${path} shows the words`);
      if (allowed) continue;
      const posted = await request.post(`${server.url}${path}?_action=moderate`, { form: everyField(csrf), headers: { Origin: server.url }, maxRedirects: 0 });
      if (posted.status() !== 303 || posted.headers().location !== half.page) problems.push(`POST ${path}: ${posted.status()} ${posted.headers().location ?? ''}`);
    }

    const refused = actionNames().filter((name) => !VISITOR_ACTIONS.includes(name) && name !== 'signOut' && !half.actions.includes(name));
    expect(refused).toEqual(expect.arrayContaining(['moderate', 'facilitatorAdd', 'facilitatorResetSecondStep', 'confirmPassword', 'factorRemove', 'recoveryCodesNew', 'promptCreate']));
    for (const name of refused) {
      const rpc = await request.post(`${server.url}/_actions/${name}`, { form: everyField(csrf), headers: { Origin: server.url } });
      if (rpc.status() !== 401) problems.push(`/_actions/${name}: ${rpc.status()}`);
      // Sent as a form to the one page it may use: that page refuses it too (401), and reports nothing done.
      const asForm = await request.post(`${server.url}${half.page}?_action=${name}`, { form: everyField(csrf), headers: { Origin: server.url }, maxRedirects: 0 });
      if (asForm.status() !== 401) problems.push(`${half.page}?_action=${name}: ${asForm.status()} ${asForm.headers().location ?? ''}`);
    }
    expect(problems).toEqual([]);
    expect(snapshot()).toBe(before);

    // Still half signed in, and still held to its one page.
    expect((await request.get(`${server.url}/moderate/`, { maxRedirects: 0 })).headers().location).toBe(half.page);
    await request.dispose();
  });
}

test('a half-signed-in session may sign out, and is then signed out', async () => {
  const request = await newRequestContext(server.url);
  await givePasswordWith(request, server.url, WITH_FACTOR);
  const csrf = csrfFrom(await (await request.get(`${server.url}/moderate/verify`)).text());
  const out = await request.post(`${server.url}/moderate/login?_action=signOut`, { form: { csrf }, headers: { Origin: server.url }, maxRedirects: 0 });
  expect(out.status()).toBe(303);
  expect(out.headers().location).toBe('/moderate/login?signed-out');
  expect((await request.get(`${server.url}/moderate/verify`, { maxRedirects: 0 })).headers().location).toBe('/moderate/login');
  expect((await request.storageState()).cookies).toEqual([]);
  await request.dispose();
});
