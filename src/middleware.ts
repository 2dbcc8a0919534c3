// Every request Astro handles passes these steps in order (Astro's sequence()). Each is small and
// tested on its own: tests/unit/middleware.test.ts.
import type { APIContext, MiddlewareHandler } from 'astro';
import { sequence } from 'astro:middleware';
import { isCrossSiteRequest } from './lib/http/originCheck';
import { checkSession, SESSION_COOKIE, type SessionAuth } from './lib/accounts/session';
import { findFacilitatorById } from './lib/accounts/facilitators';
import { hasSecondFactor } from './lib/accounts/secondFactors';
import { getStore } from './lib/store/store';

const LOGIN = '/moderate/login';
/** Where a session with the password only gives its second step, or sets up its first factor. */
export const VERIFY = '/moderate/verify';
export const SECURITY = '/moderate/security';

/** A short plain-text refusal that no browser or proxy keeps. */
const refusal = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

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

/** The moderation area, by the address asked for or the route that answers it. */
const inModeration = (context: APIContext) => underModerate(context.url.pathname) || underModerate(context.routePattern);

/** Forms on this site are sent only from this site: another site's is refused before anything reads it. */
export const refuseCrossSite: MiddlewareHandler = (context, next) => {
  if (context.isPrerendered || !isCrossSiteRequest(context.request)) return next();
  return refusal(403, 'Forms on this site can only be sent from this site.');
};

// Every action takes a form (accept: 'form'). Anything else is refused before Astro reads the body:
// Astro would parse JSON, and a malformed body became a 500 with a log line quoting it.
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** Actions take form data only: any other body is refused (415). */
export const formsOnly: MiddlewareHandler = (context, next) => {
  const { request, url } = context;
  // A built page has no request to read (Astro warns when one is read).
  if (context.isPrerendered || request.method !== 'POST' || !(url.pathname.startsWith('/_actions/') || url.searchParams.has('_action'))) return next();
  const type = request.headers.get('content-type');
  if (type === null || FORM_TYPES.has(type.split(';')[0]!.trim().toLowerCase())) return next();
  return refusal(415, 'Forms on this site send form data only.');
};

/** What the moderation area and a signed-in facilitator see is never kept by a browser or a proxy. */
export const noStore: MiddlewareHandler = async (context, next) => {
  const response = await next();
  if (context.isPrerendered || !(inModeration(context) || context.locals.facilitator || context.locals.secondStep)) return response;
  try {
    response.headers.set('Cache-Control', 'no-store');
    return response;
  } catch {
    // Immutable headers (e.g. Response.redirect()): copy the response.
    const copy = new Response(response.body, response);
    copy.headers.set('Cache-Control', 'no-store');
    return copy;
  }
};

/**
 * Puts the signed-in facilitator in locals (or, half signed in, who is giving their second step),
 * or ends a session that is over (idle, too old, disabled, half signed in too long). The rules take
 * the clock as a parameter (checkSession), where they are tested.
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
  if (check.signedIn) context.locals.facilitator = { id, email, role, place };
  else context.locals.secondStep = { facilitator: { id, email, role, place }, hasFactor: hasSecondFactor(await store.secondFactors.of(id)) };
  context.locals.csrfToken = auth.csrfToken;
}

/** The signed-in facilitator (or null) in locals. Visitors never get a session, or a cookie: only the moderation area and facilitators' own requests touch one. */
export const facilitatorSession: MiddlewareHandler = async (context, next) => {
  context.locals.facilitator = null;
  context.locals.secondStep = null;
  context.locals.csrfToken = null;
  if (!context.isPrerendered && (inModeration(context) || context.cookies.has(SESSION_COOKIE))) await loadFacilitator(context, Date.now());
  return next();
};

const isPage = (context: APIContext, page: string) => context.url.pathname === page || context.url.pathname === `${page}/`;

/**
 * The moderation area is for signed-in facilitators: anyone else is sent to sign in. Half signed
 * in (the password only), a session reaches one page besides signing in and out: /moderate/verify
 * to give its second step, or /moderate/security to set up a first factor if it has none; any
 * other page sends it there, before any form sent to it is read.
 */
export const moderationGuard: MiddlewareHandler = (context, next) => {
  if (!inModeration(context) || context.locals.facilitator || isPage(context, LOGIN)) return next();
  const half = context.locals.secondStep;
  if (!half) return context.redirect(LOGIN, 303);
  const step = half.hasFactor ? VERIFY : SECURITY;
  return isPage(context, step) ? next() : context.redirect(step, 303);
};

// No-store wraps the session and the guard, so the guard's redirect to sign in is not kept either.
export const onRequest = sequence(refuseCrossSite, formsOnly, noStore, facilitatorSession, moderationGuard);
