// What every staff action calls first: who is signed in, and is the form really from our page.
// Each throws an ActionError, which Astro turns into that status for the page or the RPC caller.
import { ActionError } from 'astro:actions';
import { csrfTokensMatch } from './session.ts';
import type { Facilitator } from './facilitators.ts';

/** The signed-in facilitator (loaded by src/middleware.ts); throws UNAUTHORIZED (401) if none. */
export function requireFacilitator(locals: App.Locals): Facilitator {
  if (!locals.facilitator) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Sign in to do that.' });
  return locals.facilitator;
}

/** Throws FORBIDDEN (403) unless the form's `csrf` field equals this session's token (timing-safe). */
export function checkCsrf(form: FormData, locals: App.Locals): void {
  if (!csrfTokensMatch(form.get('csrf'), locals.csrfToken)) {
    throw new ActionError({ code: 'FORBIDDEN', message: 'This form is out of date. Go back, reload the page and try again.' });
  }
}
