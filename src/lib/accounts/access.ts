// What every staff action calls first: who is signed in, and is the form really from our page.
// Each throws an ActionError, which Astro turns into that status for the page or the RPC caller.
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { csrfTokensMatch } from './session.ts';
import type { Facilitator } from './facilitators.ts';

const signedOut = () => new ActionError({ code: 'UNAUTHORIZED', message: 'Sign in to do that.' });

/** The signed-in facilitator (loaded by src/middleware.ts); throws UNAUTHORIZED (401) if none, half signed in included. */
export function requireFacilitator(locals: App.Locals): Facilitator {
  if (!locals.facilitator) throw signedOut();
  return locals.facilitator;
}

/** Who is half signed in with a factor to give at /moderate/verify; throws UNAUTHORIZED (401) for anyone else. */
export function requireSecondStep(locals: App.Locals): Facilitator {
  if (!locals.secondStep?.hasFactor) throw signedOut();
  return locals.secondStep.facilitator;
}

/**
 * Who may change sign-in factors at /moderate/security: a signed-in facilitator, or (only where a
 * first factor is being set up) one half signed in who has none. Throws UNAUTHORIZED (401) otherwise.
 */
export function requireSecurity(locals: App.Locals, firstFactor: 'allowed' | 'refused'): { me: Facilitator; enrolling: boolean } {
  if (locals.facilitator) return { me: locals.facilitator, enrolling: false };
  if (firstFactor === 'allowed' && locals.secondStep && !locals.secondStep.hasFactor) return { me: locals.secondStep.facilitator, enrolling: true };
  throw signedOut();
}

/** Throws FORBIDDEN (403) unless the form's `csrf` field equals this session's token (timing-safe). */
export function checkCsrf(form: FormData, locals: App.Locals): void {
  if (!csrfTokensMatch(form.get('csrf'), locals.csrfToken)) {
    throw new ActionError({ code: 'FORBIDDEN', message: 'This form is out of date. Go back, reload the page and try again.' });
  }
}

/** The request's session (facilitators' requests always have one). */
export function sessionOf(context: ActionAPIContext) {
  if (!context.session) throw new ActionError({ code: 'INTERNAL_SERVER_ERROR', message: 'Sessions are not configured.' });
  return context.session;
}
