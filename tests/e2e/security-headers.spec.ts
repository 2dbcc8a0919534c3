// The security headers on every kind of response (pages built and on demand,
// static files, 404, 500, redirects, the actions endpoint, refusals), HSTS over HTTPS only,
// `no-store` wherever a receipt or moderation can be seen, and errors as a plain page.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HSTS, leaksInternals, securityHeaderProblems, watchCspViolations } from './support/headers';
import { recordServerRun } from './support/privacy';
import { newRequestContext, pageRoutes, postShare, signInWith, urlFor } from './support/routes';
import { serveSeeded, submission, type Account } from './support/seed';
import { spawnServer, type BuiltServer, type TestServer } from './support/server';

const ADMIN: Account = { email: 'admin@example.org', role: 'admin', password: 'headers admin password' };
const hashedAsset = () => `/_astro/${readdirSync('dist/client/_astro').find((f) => f.endsWith('.js') || f.endsWith('.css'))}`;

const PENDING = submission({ body: 'Words for the header checks' });
// A damaged record (a hand-edited file, a bad restore): the Voices list cannot render it, a real 500.
const DAMAGED = submission({ status: 'published', body: null, published: { title: null, body: null as unknown as string, penName: null, warnings: [], at: new Date().toISOString() } });

let server: TestServer;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  server = await serveSeeded({ accounts: [ADMIN], submissions: [PENDING, DAMAGED] }, { SHARE_MIN_SECONDS: '0', STATUS_LIMIT_10MIN: '0' });
});
test.afterAll(async () => server?.stop());

/** Every kind of response the server gives, as [what, response]. */
async function everyKindOfResponse(request: APIRequestContext, base: string) {
  const get = (path: string) => request.get(`${base}${path}`, { maxRedirects: 0 });
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    request.post(`${base}${path}`, { form, headers: { Origin: base, ...headers }, maxRedirects: 0 });
  return [
    ['built page', await get('/')],
    ['built page with a meta CSP', await get('/poems/')],
    ['page on demand', await get('/share/')],
    ['status page', await get('/share/status/')],
    ['Voices item, not found', await get('/voices/no-such-item/')],
    ['static file', await get('/favicon.svg')],
    ['hashed asset', await get(hashedAsset())],
    ['captions', await get('/media/films/pieces-of-me-sample.en.vtt')],
    ['sitemap', await get('/sitemap-index.xml')],
    ['robots.txt', await get('/robots.txt')],
    ['404', await get('/no-such-page/')],
    ['400, a malformed address', await get('/%E0%A4%A')],
    ['500', await get('/voices/')],
    ['redirect to sign in', await get('/moderate/')],
    ['redirect without the slash', await get('/moderate')],
    ['action endpoint', await post('/_actions/shareStatus', { code: 'ABCD-EFGH-JKMN-PQRS' })],
    ['action endpoint, unknown action', await post('/_actions/noSuchAction', {})],
    ['action endpoint, GET', await get('/_actions/share')],
    ['action endpoint, signed out', await post('/_actions/moderate', { id: PENDING.id, decision: 'delete' })],
    ['form action result', await post('/share/status/?_action=shareStatus', { code: 'ABCD-EFGH-JKMN-PQRS' })],
    ['403, another site', await post('/share/?_action=share', { body: 'x' }, { Origin: 'https://evil.example' })],
    ['413, too big', await post('/share/?_action=share', { body: 'x'.repeat(200_000) })],
    ['415, not a form', await request.post(`${base}/_actions/share`, { data: Buffer.from('{"body":'), headers: { Origin: base, 'Content-Type': 'application/json' } })],
  ] as const;
}

test('every kind of response carries the security headers, and no HSTS over plain HTTP', async () => {
  const request = await newRequestContext(server.url);
  const responses = await everyKindOfResponse(request, server.url);
  const statuses = Object.fromEntries(responses.map(([what, r]) => [what, r.status()]));
  expect(statuses).toMatchObject({ '404': 404, '400, a malformed address': 400, '500': 500, 'redirect to sign in': 303, 'action endpoint': 200, 'action endpoint, unknown action': 404, 'action endpoint, signed out': 401, '403, another site': 403, '413, too big': 413, '415, not a form': 415 });
  expect(responses.flatMap(([what, response]) => securityHeaderProblems(response, what))).toEqual([]);
  await request.dispose();
});

test('a 500 is the plain error page: no stack trace, no error message, no path, and the quick exit', async ({ page }) => {
  const violations = await watchCspViolations(page);
  const response = await page.goto(`${server.url}/voices/`);
  expect(response!.status()).toBe(500);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, something went wrong on our side');
  await expect(page.locator('[data-exit-link]').first()).toBeVisible();
  const html = await response!.text();
  expect(leaksInternals(html)).toBeNull();
  expect(html).not.toContain("Cannot read properties");
  // The server's own log has the error, for whoever runs it.
  expect(server.output()).toContain('TypeError');
  // Astro reads the prerendered page from disk and sends it without a policy: server.mjs gives it the error pages'.
  expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
  expect(violations).toEqual([]);
});

test('an error partway through a page is still a 500, not a 200 with half a page', async ({ page }) => {
  // The item page renders its heading before the damaged body: with streaming, the 200 went first.
  const response = await page.goto(`${server.url}/voices/${DAMAGED.id}/`);
  expect(response!.status()).toBe(500);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sorry, something went wrong on our side');
});

test('a form posted as JSON is refused with 415 before it is read: no 500, and nothing of it in the log', async ({ request }) => {
  // JSON.parse's error message quotes the start of what it could not read: Astro logged it.
  const marker = `Zq${Date.now().toString(36)}`;
  for (const path of ['/_actions/share', '/share/?_action=share', '/moderate/login?_action=signIn']) {
    for (const data of [`${marker} is what I wrote`, `{"body": ${marker}}`, JSON.stringify({ body: marker })]) {
      const response = await request.post(`${server.url}${path}`, { data: Buffer.from(data), headers: { Origin: server.url, 'Content-Type': 'application/json' }, maxRedirects: 0 });
      expect(response.status(), path).toBe(415);
      expect(leaksInternals(await response.text())).toBeNull();
    }
  }
  expect(server.output()).not.toContain(marker);
});

test('share, status and every moderation page are never stored: Cache-Control: no-store', async () => {
  const request = await newRequestContext(server.url);
  const problems: string[] = [];
  const check = (what: string, cacheControl: string | undefined) => {
    if (cacheControl !== 'no-store') problems.push(`${what}: Cache-Control ${cacheControl}`);
  };
  check('GET /share/', (await request.get(`${server.url}/share/`)).headers()['cache-control']);
  check('GET /share/status/', (await request.get(`${server.url}/share/status/`)).headers()['cache-control']);
  const sent = await postShare(request, server.url, { body: `Words for the cache check ${Date.now()}` });
  expect(sent.receipt).toBeTruthy();
  const confirmation = await request.post(`${server.url}/share/?_action=share`, { form: { body: '' }, headers: { Origin: server.url } });
  check('POST /share/ (errors)', confirmation.headers()['cache-control']);
  const status = await request.post(`${server.url}/share/status/?_action=shareStatus`, { form: { code: sent.receipt! }, headers: { Origin: server.url } });
  expect(status.status()).toBe(200);
  check('POST /share/status/ (found)', status.headers()['cache-control']);

  // Every route under /moderate/, signed out (the redirect) and signed in as an admin.
  const routes = pageRoutes('moderate');
  const fill = (param: string) => (param === 'id' ? PENDING.id : 'x');
  for (const route of routes) {
    const path = urlFor(route, fill);
    const signedOut = await request.get(`${server.url}${path}`, { maxRedirects: 0 });
    check(`GET ${path} signed out (${signedOut.status()})`, signedOut.headers()['cache-control']);
  }
  const csrf = await signInWith(request, server.url, ADMIN);
  for (const route of routes) {
    const path = urlFor(route, fill);
    const response = await request.get(`${server.url}${path}`, { maxRedirects: 0 });
    check(`GET ${path} signed in (${response.status()})`, response.headers()['cache-control']);
    problems.push(...securityHeaderProblems(response, `GET ${path} signed in`));
  }
  const refused = await request.post(`${server.url}/moderate/${PENDING.id}?_action=moderate`, { form: { csrf, id: PENDING.id, decision: 'nonsense' }, headers: { Origin: server.url } });
  check(`POST /moderate/<id> (${refused.status()})`, refused.headers()['cache-control']);
  expect(routes.length).toBeGreaterThanOrEqual(5);
  expect(problems).toEqual([]);
  await request.dispose();
});

test.describe('over HTTPS', () => {
  let https: BuiltServer;
  let certDir: string;
  test.beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'voices-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
      '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
    https = await spawnServer({ dataDir: join(certDir, 'data'), env: { SHARE_MIN_SECONDS: '0', SERVER_CERT_PATH: join(certDir, 'cert.pem'), SERVER_KEY_PATH: join(certDir, 'key.pem') } });
  });
  test.afterAll(async () => {
    await https?.stop();
    if (https) recordServerRun('https', https.output(), https.dataDir);
    rmSync(certDir, { recursive: true, force: true });
  });

  test('every kind of response carries Strict-Transport-Security as well', async () => {
    expect(https.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(https.output()).toContain(`Voices is listening on ${https.url}`);
    const request = await newRequestContext(https.url, { ignoreHTTPSErrors: true });
    const responses = await everyKindOfResponse(request, https.url);
    expect(responses.find(([what]) => what === 'built page')![1].status()).toBe(200);
    expect(responses.flatMap(([what, response]) => securityHeaderProblems(response, what, { https: true }))).toEqual([]);
    expect(responses.every(([, r]) => r.headers()['strict-transport-security'] === HSTS)).toBe(true);
    // The origin check knows it is https: a form from this origin is taken, one from http is not.
    const sent = await postShare(request, https.url, { body: `Sent over HTTPS ${Date.now()}` });
    expect(sent.status).toBe(200);
    const plain = await request.post(`${https.url}/share/?_action=share`, { form: { body: 'x' }, headers: { Origin: https.url.replace(/^https:/, 'http:') } });
    expect(plain.status()).toBe(403);
    await request.dispose();
  });
});
