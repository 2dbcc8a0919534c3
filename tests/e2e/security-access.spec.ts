// Signed out, every route under /moderate/ (read from src/pages/moderate) sends
// you to sign in and every facilitator action (read from src/actions) is refused; signed in,
// each role sees exactly the places the scope rules give it, by item page, queue and action.
import { test, expect } from '@playwright/test';
import { actionNames, newRequestContext, pageRoutes, signInWith, urlFor, VISITOR_ACTIONS } from './support/routes';
import { dataRequestsChange, serveSeeded, submission, unknownSubmissionId, type Account, type Submission } from './support/seed';
import type { TestServer } from './support/server';

const PASSWORD = 'access matrix password';
const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: PASSWORD };
const SHEFFIELD: Account = { email: 'sheffield@example.org', role: 'facilitator', place: 'sheffield', password: PASSWORD };
const BARNSLEY: Account = { email: 'barnsley@example.org', role: 'facilitator', place: 'barnsley', password: PASSWORD };
const DERBY: Account = { email: 'derby@example.org', role: 'facilitator', place: 'derby', password: PASSWORD };

const PLACES = ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire', 'none'] as const;
type Place = (typeof PLACES)[number];
const ITEMS = Object.fromEntries(
  PLACES.map((place): [Place, Submission] => [place, submission({ kind: 'view', body: `Words from ${place}`, place: place === 'none' ? null : place })]),
) as Record<Place, Submission>;

// The scope rules (README), written out: an admin sees everything; a hub facilitator
// their hub and its spokes; a spoke facilitator their spoke; "no place" goes to admins and the
// default hub (sheffield in content/site.yaml).
const SEES: [Account, Place[]][] = [
  [ADMIN, ['sheffield', 'barnsley', 'doncaster', 'derby', 'cambridgeshire', 'none']],
  [SHEFFIELD, ['sheffield', 'barnsley', 'doncaster', 'none']],
  [BARNSLEY, ['barnsley']],
  [DERBY, ['derby']],
];

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [ADMIN, SHEFFIELD, BARNSLEY, DERBY], submissions: Object.values(ITEMS) });
});
test.afterAll(async () => server?.stop());

const snapshot = () => dataRequestsChange(server.dataDir);

test('signed out, every route under /moderate/ sends you to sign in, and every facilitator action is refused', async () => {
  const request = await newRequestContext(server.url);
  const routes = pageRoutes('moderate');
  expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/moderate', '/moderate/[id]', '/moderate/login', '/moderate/facilitators', '/moderate/audit']));
  const before = snapshot();
  const problems: string[] = [];
  for (const route of routes) {
    const path = urlFor(route, (param) => (param === 'id' ? ITEMS.sheffield.id : 'x'));
    const response = await request.get(`${server.url}${path}`, { maxRedirects: 0 });
    if (route.pattern === '/moderate/login') {
      if (response.status() !== 200) problems.push(`${path}: ${response.status()}`);
      continue;
    }
    if (response.status() !== 303 || response.headers().location !== '/moderate/login') problems.push(`GET ${path}: ${response.status()} ${response.headers().location ?? ''}`);
    const posted = await request.post(`${server.url}${path}`, { form: { id: ITEMS.sheffield.id, decision: 'delete' }, headers: { Origin: server.url }, maxRedirects: 0 });
    if (posted.status() !== 303 || posted.headers().location !== '/moderate/login') problems.push(`POST ${path}: ${posted.status()}`);
  }
  const actions = actionNames().filter((name) => !VISITOR_ACTIONS.includes(name));
  expect(actions).toEqual(expect.arrayContaining(['moderate', 'facilitatorAdd', 'facilitatorDisable', 'facilitatorSetPassword', 'signOut']));
  const form = { id: ITEMS.sheffield.id, decision: 'delete', email: 'sneaky@example.org', role: 'admin', password: 'a long enough password', csrf: 'guess' };
  for (const name of actions) {
    const rpc = await request.post(`${server.url}/_actions/${name}`, { form, headers: { Origin: server.url } });
    // Signing out while signed out does nothing at all, so it may simply say so.
    const allowed = name === 'signOut' ? [200, 401, 403] : [401, 403];
    if (!allowed.includes(rpc.status())) problems.push(`/_actions/${name}: ${rpc.status()}`);
    const asForm = await request.post(`${server.url}/moderate/?_action=${name}`, { form, headers: { Origin: server.url }, maxRedirects: 0 });
    if (asForm.status() !== 303 || asForm.headers().location !== '/moderate/login') problems.push(`/moderate/?_action=${name}: ${asForm.status()}`);
  }
  expect(problems).toEqual([]);
  expect(snapshot()).toBe(before);
  expect((await request.storageState()).cookies).toEqual([]);
  await request.dispose();
});

for (const [account, sees] of SEES) {
  test(`${account.place ?? 'admin'} (${account.role}) sees exactly ${sees.join(', ')}: by item page, in the queue, and by action`, async () => {
    const request = await newRequestContext(server.url);
    const csrf = await signInWith(request, server.url, account);
    const pages: Record<string, number> = {};
    for (const place of PLACES) pages[place] = (await request.get(`${server.url}/moderate/${ITEMS[place].id}`)).status();
    expect(pages).toEqual(Object.fromEntries(PLACES.map((place) => [place, sees.includes(place) ? 200 : 404])));

    const queue = await (await request.get(`${server.url}/moderate/?status=all`)).text();
    const listed = [...queue.matchAll(/data-item="([^"]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(sees.map((place) => ITEMS[place].id).sort());
    // Asking the queue for another place's items gives nothing of theirs.
    for (const place of PLACES.filter((p) => !sees.includes(p))) {
      const filtered = await (await request.get(`${server.url}/moderate/?status=all&place=${place}`)).text();
      expect(filtered, place).not.toContain(ITEMS[place].id);
    }

    // Deciding on another place's item: 404 by the form; by the endpoint the same answer as for
    // an id that does not exist (so it tells nothing); and the item stays as it was.
    const before = snapshot();
    const decide = async (id: string) => {
      const form = { csrf, id, decision: 'delete', title: '', body: '', penName: '', message: '' };
      const page = await request.post(`${server.url}/moderate/${id}?_action=moderate`, { form, headers: { Origin: server.url }, maxRedirects: 0 });
      const rpc = await request.post(`${server.url}/_actions/moderate`, { form, headers: { Origin: server.url } });
      return { page: page.status(), rpc: `${rpc.status()} ${(await rpc.text()).replaceAll(id, 'ID')}` };
    };
    const nowhere = await decide(unknownSubmissionId());
    expect(nowhere.page).toBe(404);
    for (const place of PLACES.filter((p) => !sees.includes(p))) expect(await decide(ITEMS[place].id), place).toEqual(nowhere);
    expect(snapshot()).toBe(before);
    await request.dispose();
  });
}
