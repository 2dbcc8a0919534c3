// The staff layout's request half (Staff.astro draws the page): who is signed in, Post/Redirect/Get
// for the page's forms, the status an outcome is answered with, the notice for a form that could
// not be used (out of date: 403), and the one-time message the last change left for the page.
import { STATUS_CODES } from 'node:http';
import type { AstroGlobal } from 'astro';
import type { ActionClient } from 'astro:actions';
import type { Facilitator } from '../lib/accounts/facilitators';
import { readForm, type FormSchema, type ReadOptions, type Typed } from '../lib/forms';

// Any action at all (the type astro:actions gives getActionResult).
type Action = ActionClient<any, any, any>;
type Outcome<A extends Action> = NonNullable<Awaited<ReturnType<A>>['data']>;
/** What a form's action says when it did what was asked. */
type Done<A extends Action> = Extract<Outcome<A>, { status: 'done' }>;

/** What the staff layout shows above a page's own content. */
export interface StaffNotices {
  /** The message the last change left (shown once, after its redirect). */
  flash?: string | undefined;
  /** Why the form that was sent was not used. */
  notice?: string | undefined;
}

export interface StaffForms extends StaffNotices {
  /** What was typed in this action's form if it was sent out of date (nothing was done), to show it again. */
  typedBefore<S extends FormSchema>(action: Action, schema: S, options?: ReadOptions<S>): Typed<S> | undefined;
}

const LOGIN = '/moderate/login';
const OUT_OF_DATE = 'That form was out of date, so nothing was changed. Please try again.';
const WENT_WRONG = 'Sorry, something went wrong and nothing was changed. Please try again.';
/** Outcomes a page shows again, with the form, and the status they are answered with. */
const STATUS: Record<string, number> = { invalid: 400, failed: 400, 'not-found': 404, 'already-decided': 409 };

/** This page's address without the action that was posted to it: where a form goes back to. */
const samePage = (Astro: AstroGlobal) => {
  const url = new URL(Astro.url);
  url.searchParams.delete('_action');
  return `${url.pathname}${url.search}`;
};

/**
 * The outcome of whichever of these forms was sent to this page. Done: a redirect (303) to
 * `redirect` (by default this page), so a refresh never sends it again. Not used: its status (403
 * for an out-of-date form, said in the notice), or the outcome's own (400 with its errors, 404,
 * 429 with Retry-After), and the page draws the form again.
 */
export async function staffForms<A extends Action>(
  Astro: AstroGlobal,
  forms: readonly A[],
  redirect: (done: Done<A>) => string = () => samePage(Astro),
): Promise<Response | StaffForms> {
  const results = forms.map((form) => Astro.getActionResult(form)).filter((result) => result !== undefined);
  const outcome = results.find((result) => result.data)?.data as Outcome<A> | undefined;
  if (outcome?.status === 'done') return Astro.redirect(redirect(outcome as Done<A>), 303);
  const failed = results.find((result) => result.error)?.error;
  const answer = (status: number) => {
    Astro.response.status = status;
    Astro.response.statusText = STATUS_CODES[status] ?? '';
  };
  let notice: string | undefined;
  if (failed) {
    answer(failed.status);
    notice = failed.status === 403 ? OUT_OF_DATE : WENT_WRONG;
  } else if (outcome) {
    const wait = (outcome as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (wait !== undefined) {
      answer(429);
      Astro.response.headers.set('Retry-After', String(wait));
    } else if (STATUS[outcome.status]) answer(STATUS[outcome.status]!);
  }
  // Flash messages are left for signed-in facilitators only: a visitor's request never touches a session.
  const flash = Astro.locals.facilitator ? await Astro.session?.get('flash') : undefined;
  if (flash) Astro.session?.delete('flash');
  // An out-of-date form changed nothing, but its words are not lost: actions read a copy of the request, so the page can read the form as sent.
  const stale = failed?.status === 403 ? await Astro.request.formData().catch(() => undefined) : undefined;
  return {
    flash,
    notice,
    typedBefore: (action, schema, options) => (stale && Astro.getActionResult(action)?.error ? readForm(schema, stale, options).values : undefined),
  };
}

/** A page for signed-in facilitators: staffForms, and who they are (src/middleware.ts already sends anyone else to sign in). */
export async function staffPage<A extends Action>(
  Astro: AstroGlobal,
  forms: readonly A[] = [],
  redirect?: (done: Done<A>) => string,
): Promise<Response | (StaffForms & { me: Facilitator })> {
  const me = Astro.locals.facilitator;
  if (!me) return Astro.redirect(LOGIN, 303);
  const notices = await staffForms(Astro, forms, redirect);
  return notices instanceof Response ? notices : { ...notices, me };
}
