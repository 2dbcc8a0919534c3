// Each step of src/middleware.ts on its own, on a real Astro context (astro/middleware's
// createContext): what it answers itself, and when it lets the request through to the page.
import { describe, expect, it } from 'vitest';
import { createContext } from 'astro/middleware';
import type { APIContext, MiddlewareHandler } from 'astro';
import { formsOnly, moderationGuard, noStore, onRequest, refuseCrossSite } from '../../src/middleware.ts';

const SITE = 'http://localhost:4321';
const facilitator = { id: 'f1', email: 'f@example.org', role: 'facilitator' as const, place: 'barnsley' };

function contextFor(path: string, init: RequestInit = {}, signedIn = false): APIContext {
  // As a browser sends it: the Host header names this site (the origin check compares Origin with it).
  const request = new Request(`${SITE}${path}`, { ...init, headers: { Host: new URL(SITE).host, ...(init.headers as Record<string, string>) } });
  return createContext({ request, defaultLocale: 'en', locals: { facilitator: signedIn ? facilitator : null, secondStep: null, csrfToken: signedIn ? 'token' : null } });
}

/** Runs a step; the page behind it answers 200 "page" and says it was reached. */
async function run(step: MiddlewareHandler, context: APIContext, page: () => Response = () => new Response('page')) {
  let reached = false;
  const response = await step(context, async () => {
    reached = true;
    return page();
  });
  return { reached, response: response as Response };
}

const post = (headers: Record<string, string>, body = 'a=1'): RequestInit => ({ method: 'POST', headers, body });
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('refuseCrossSite', () => {
  it('refuses a form from another site (403, plain text, not kept) before anything reads it', async () => {
    const others: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }];
    for (const headers of others) {
      const { reached, response } = await run(refuseCrossSite, contextFor('/share/?_action=share', post({ ...FORM, ...headers })));
      expect(reached).toBe(false);
      expect(response.status).toBe(403);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toBe('Forms on this site can only be sent from this site.');
    }
  });

  it('lets through this site’s forms (Origin: null under no-referrer) and any GET', async () => {
    expect((await run(refuseCrossSite, contextFor('/share/?_action=share', post({ ...FORM, Origin: SITE })))).reached).toBe(true);
    expect((await run(refuseCrossSite, contextFor('/share/?_action=share', post({ ...FORM, Origin: 'null', 'Sec-Fetch-Site': 'same-origin' })))).reached).toBe(true);
    expect((await run(refuseCrossSite, contextFor('/', { headers: { 'Sec-Fetch-Site': 'cross-site' } }))).reached).toBe(true);
  });
});

describe('formsOnly', () => {
  it('refuses an action sent anything but form data (415), by its endpoint or as a page form', async () => {
    for (const path of ['/_actions/share', '/share/?_action=share']) {
      for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded-but-not']) {
        const { reached, response } = await run(formsOnly, contextFor(path, post({ 'Content-Type': type }, '{"body":"x"}')));
        expect(reached, `${path} ${type}`).toBe(false);
        expect(response.status).toBe(415);
        expect(response.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  it('lets through form data (either kind, any case and parameters), and what is not an action', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'Multipart/Form-Data; boundary=x', 'application/x-www-form-urlencoded;charset=UTF-8']) {
      expect((await run(formsOnly, contextFor('/_actions/share', post({ 'Content-Type': type })))).reached, type).toBe(true);
    }
    expect((await run(formsOnly, contextFor('/share/', post({ 'Content-Type': 'application/json' })))).reached).toBe(true);
    expect((await run(formsOnly, contextFor('/share/?_action=share', { method: 'GET' }))).reached).toBe(true);
  });
});

describe('moderationGuard', () => {
  it('sends anyone not signed in from the moderation area to sign in, however the address is written', async () => {
    for (const path of ['/moderate', '/moderate/', '/moderate/some-item', '/MODERATE/audit', '/%6Doderate/facilitators', '/moderate/prompts/x?_action=promptClose']) {
      const { reached, response } = await run(moderationGuard, contextFor(path));
      expect(reached, path).toBe(false);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/moderate/login');
    }
  });

  it('lets through the sign-in page, a signed-in facilitator, and everything outside the area', async () => {
    for (const path of ['/moderate/login', '/moderate/login/']) expect((await run(moderationGuard, contextFor(path))).reached, path).toBe(true);
    expect((await run(moderationGuard, contextFor('/moderate/', {}, true))).reached).toBe(true);
    for (const path of ['/', '/share/', '/moderated-stories/']) expect((await run(moderationGuard, contextFor(path))).reached, path).toBe(true);
  });
});

describe('noStore', () => {
  it('marks what the moderation area answers no-store, a redirect included', async () => {
    const page = await run(noStore, contextFor('/moderate/'));
    expect(page.response.headers.get('cache-control')).toBe('no-store');
    // Response.redirect() has headers that cannot be changed: a copy carries the header instead.
    const redirect = await run(noStore, contextFor('/moderate/x'), () => Response.redirect(`${SITE}/moderate/login`, 303));
    expect(redirect.response.status).toBe(303);
    expect(redirect.response.headers.get('location')).toBe(`${SITE}/moderate/login`);
    expect(redirect.response.headers.get('cache-control')).toBe('no-store');
  });

  it('marks every page a signed-in facilitator sees, and leaves visitors’ pages alone', async () => {
    expect((await run(noStore, contextFor('/voices/', {}, true))).response.headers.get('cache-control')).toBe('no-store');
    expect((await run(noStore, contextFor('/voices/'))).response.headers.get('cache-control')).toBeNull();
  });
});

describe('the steps in order', () => {
  it('refuses another site’s form before sending anyone to sign in', async () => {
    const { response } = await run(onRequest, contextFor('/moderate/?_action=moderate', post({ ...FORM, Origin: 'https://evil.example' })));
    expect(response.status).toBe(403);
  });

  it('sends a visitor to sign in, not kept, without a session or a cookie', async () => {
    const context = contextFor('/moderate/');
    const { reached, response } = await run(onRequest, context);
    expect(reached).toBe(false);
    expect(response.status).toBe(303);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(context.locals.facilitator).toBeNull();
    expect([...context.cookies.headers()]).toEqual([]);
  });

  it('lets a visitor’s page through untouched, with nobody signed in', async () => {
    const context = contextFor('/share/');
    const { reached, response } = await run(onRequest, context);
    expect(reached).toBe(true);
    expect(response.headers.get('cache-control')).toBeNull();
    expect(context.locals).toEqual({ facilitator: null, secondStep: null, csrfToken: null });
  });
});
