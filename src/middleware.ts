import type { APIContext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { isCrossSiteRequest } from './lib/http/originCheck';
import { checkSession, SESSION_COOKIE, type SessionAuth } from './lib/accounts/session';
import { findFacilitatorById } from './lib/accounts/facilitators';
import { getStore } from './lib/store/store';

const LOGIN = '/moderate/login';

function underModerate(path: string | undefined): boolean {
  if (!path) return false;
  let decoded = path;
  try {
    decoded = decodeURI(path);
  } catch {
    // A malformed escape: judge the raw path.
  }
  decoded = decoded.toLowerCase();
  return decoded === '/moderate' || decoded.startsWith('/moderate/');
}

const isLogin = (path: string) => path === LOGIN || path === `${LOGIN}/`;

// Every action takes a form (accept: 'form'). Anything else is refused before Astro reads the body:
// Astro would parse JSON, and a malformed body became a 500 with a log line quoting it.
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
function isNonFormAction(context: APIContext): boolean {
  if (context.request.method !== 'POST') return false;
  if (!context.url.pathname.startsWith('/_actions/') && !context.url.searchParams.has('_action')) return false;
  const type = context.request.headers.get('content-type');
  return type !== null && !FORM_TYPES.has(type.split(';')[0]!.trim().toLowerCase());
}

/** Moderation pages and anything a facilitator sees must never be kept by a browser or proxy. */
function noStore(response: Response): Response {
  try {
    response.headers.set('Cache-Control', 'no-store');
    return response;
  } catch {
    // Immutable headers (e.g. Response.redirect()): copy the response.
    const copy = new Response(response.body, response);
    copy.headers.set('Cache-Control', 'no-store');
    return copy;
  }
}

/**
 * Puts the signed-in facilitator in locals, or ends a session that is over (idle, too old,
 * disabled). The rules take the clock as a parameter (checkSession), where they are tested.
 */
async function loadFacilitator(context: APIContext, now: number): Promise<void> {
  const session = context.session;
  if (!session) return;
  const hasCookie = context.cookies.has(SESSION_COOKIE);
  let auth: SessionAuth | undefined;
  try {
    auth = await session.get('auth');
  } catch {
    // Damaged session data: start again.
    session.destroy();
    return;
  }
  if (auth === undefined) {
    // A cookie for a session that no longer exists (signed out, expired): clear it.
    if (hasCookie) session.destroy();
    return;
  }
  const store = await getStore();
  const check = await checkSession(auth, (id) => findFacilitatorById(store, id), now);
  if (!check.ok) {
    session.destroy();
    return;
  }
  if (check.touch) session.set('auth', { ...auth, lastSeen: now });
  const { id, email, role, place } = check.facilitator;
  context.locals.facilitator = { id, email, role, place };
  context.locals.csrfToken = auth.csrfToken;
}

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.isPrerendered && isCrossSiteRequest(context.request)) {
    return new Response('Forms on this site can only be sent from this site.', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  context.locals.facilitator = null;
  context.locals.csrfToken = null;
  if (context.isPrerendered) return next();
  if (isNonFormAction(context)) {
    return new Response('Forms on this site send form data only.', {
      status: 415,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }

  // Visitors never get a session (or a cookie): only the moderation area and facilitators' own requests touch it.
  const moderation = underModerate(context.url.pathname) || underModerate(context.routePattern);
  if (moderation || context.cookies.has(SESSION_COOKIE)) await loadFacilitator(context, Date.now());
  if (moderation && !context.locals.facilitator && !isLogin(context.url.pathname)) {
    return noStore(context.redirect(LOGIN, 303));
  }
  const response = await next();
  return moderation || context.locals.facilitator ? noStore(response) : response;
});
