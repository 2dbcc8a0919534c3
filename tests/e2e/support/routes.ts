// The site's routes and actions, read from the source so that tests cover what is added later
// without being told: every file under src/pages and every `name: defineAction(` in src/actions.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { ROOT } from './content';
import { PRIVACY_USER_AGENT } from './privacy';
import { nextSignCount, testFactors } from './secondStep';

export interface PageRoute {
  /** The source file, relative to src/pages. */
  file: string;
  /** The URL path with its [params] still in it, e.g. /moderate/[id]. */
  pattern: string;
  /** Rendered on demand (`prerender = false`) rather than built. */
  onDemand: boolean;
  /** Names of its [params]. */
  params: string[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Every page and endpoint under src/pages (or one folder of it, e.g. 'moderate'). */
export function pageRoutes(under = ''): PageRoute[] {
  const pages = join(ROOT, 'src', 'pages');
  return filesUnder(join(pages, under))
    .filter((file) => /\.(astro|ts|js|mjs|md|mdx)$/.test(file))
    .map((file) => {
      const rel = relative(pages, file);
      const path = rel.replace(/\.(astro|ts|js|mjs|md|mdx)$/, '').replace(/(^|\/)index$/, '');
      return {
        file: rel,
        pattern: `/${path}`,
        onDemand: /export\s+const\s+prerender\s*=\s*false/.test(readFileSync(file, 'utf8')),
        params: [...path.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]!),
      };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** A route's URL with every [param] filled in by fill (given the param's name). */
export function urlFor(route: PageRoute, fill: (param: string) => string): string {
  // A page in every language (src/pages/[...lang]/): its English address, which has no prefix.
  const pattern = route.pattern.replace(/^\/\[\.\.\.lang\]/, '') || '/';
  return pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => encodeURIComponent(fill(name)));
}

/** Every action name: `name: defineAction(` in any file under src/actions (index.ts spreads them into `server`). */
export function actionNames(): string[] {
  const dir = join(ROOT, 'src', 'actions');
  const names = filesUnder(dir).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^\s*(\w+)\s*:\s*defineAction\s*\(/gm)].map((m) => m[1]!));
  return [...new Set(names)].sort();
}

/**
 * Actions a visitor (or someone signing in) uses, which take no session or CSRF token. Every
 * other action, including any added later, is taken to be a facilitator's and must refuse a
 * visitor and a missing token: a new public action has to be named here on purpose.
 */
export const VISITOR_ACTIONS = ['share', 'shareStatus', 'withdraw', 'signIn'];

/** A request context of its own (its own cookies), with the suite's user agent. */
export function newRequestContext(baseURL: string, options: { ignoreHTTPSErrors?: boolean } = {}): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, userAgent: PRIVACY_USER_AGENT, ...options });
}

/** The share form's single-use token, as the page gives it. */
export async function shareToken(request: APIRequestContext, base: string): Promise<string> {
  const html = await (await request.get(`${base}/share/`)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no form token on /share/');
  return token;
}

/** Sends the share form as a browser without JavaScript would; the receipt if it was taken. */
export async function postShare(
  request: APIRequestContext,
  base: string,
  fields: Record<string, string>,
): Promise<{ status: number; html: string; receipt: string | null }> {
  const token = await shareToken(request, base);
  const response = await request.post(`${base}/share/?_action=share`, {
    form: { token, kind: 'view', place: 'none', publish: 'yes', ...fields },
    headers: { Origin: base },
    maxRedirects: 0,
  });
  const html = await response.text();
  return { status: response.status(), html, receipt: /data-receipt[^>]*>\s*([^<\s]+)\s*</.exec(html)?.[1] ?? null };
}

/** The password with the form's action in this context (its cookie jar keeps the session): half signed in. */
export async function givePasswordWith(request: APIRequestContext, base: string, account: { email: string; password: string }): Promise<void> {
  const response = await request.post(`${base}/moderate/login?_action=signIn`, {
    form: { email: account.email, password: account.password },
    headers: { Origin: base },
    maxRedirects: 0,
  });
  if (response.status() !== 303) throw new Error(`sign-in for ${account.email} gave ${response.status()}`);
}

/** An attribute's value as the page wrote it (Astro escapes &, " and '). */
const unescape = (value: string) => value.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/**
 * Signs in in this context: the password, then the account's passkey (support/secondStep.ts)
 * answering the options /moderate/verify gives, as its script would send it. Returns the CSRF token.
 */
export async function signInWith(request: APIRequestContext, base: string, account: { email: string; password: string }): Promise<string> {
  await givePasswordWith(request, base, account);
  const verify = await (await request.get(`${base}/moderate/verify`)).text();
  const options = /data-passkey-options="([^"]+)"/.exec(verify)?.[1];
  if (!options) throw new Error(`no passkey to use at /moderate/verify for ${account.email}`);
  const { passkey } = testFactors(account.email);
  passkey.counter = nextSignCount();
  const answer = await request.post(`${base}/moderate/verify?_action=verifyPasskey`, {
    form: { csrf: csrfFrom(verify), credential: JSON.stringify(passkey.authenticate(JSON.parse(unescape(options)), base)) },
    headers: { Origin: base },
    maxRedirects: 0,
  });
  if (answer.status() !== 303) throw new Error(`the passkey for ${account.email} gave ${answer.status()}`);
  return csrfFrom(await (await request.get(`${base}/moderate/`)).text());
}

export function csrfFrom(html: string): string {
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('no CSRF token on the page');
  return csrf;
}

/**
 * Posts a form with Node's fetch, as a browser without JavaScript would (never following a
 * redirect). For hundreds of requests at once it is far quicker than Playwright's request API.
 */
export async function fetchForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(form),
    headers: { Origin: new URL(url).origin, 'User-Agent': PRIVACY_USER_AGENT, ...headers },
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

/** postShare, with fetch. */
export async function fetchShare(base: string, fields: Record<string, string>): Promise<{ status: number; html: string; receipt: string | null }> {
  const page = await fetch(`${base}/share/`, { headers: { 'User-Agent': PRIVACY_USER_AGENT } });
  const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no form token on /share/');
  const { status, html } = await fetchForm(`${base}/share/?_action=share`, { token, kind: 'view', place: 'none', publish: 'yes', ...fields });
  return { status, html, receipt: /data-receipt[^>]*>\s*([^<\s]+)\s*</.exec(html)?.[1] ?? null };
}
