// Signing in and out, and admins managing facilitator accounts. Each handler authorises itself;
// the pages render the outcome and redirect (Post/Redirect/Get) when it is done.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { auditEntry } from '../lib/moderation/audit.ts';
import { passwordGiven, secondStepPassed, SESSION_COOKIE } from '../lib/accounts/session.ts';
import {
  addFacilitator,
  disableFacilitator,
  findFacilitatorById,
  setFacilitatorPassword,
  type FacilitatorErrors,
} from '../lib/accounts/facilitators.ts';
import { checkCsrf, requireFacilitator } from '../lib/accounts/access.ts';
import { checkSignIn, createSignInLimiter } from '../lib/accounts/signIn.ts';
import { getStore } from '../lib/store/store.ts';
import { placeIds } from '../lib/config.ts';
import { text } from '../lib/forms.ts';

const signInAttempts = createSignInLimiter();

function session(context: ActionAPIContext) {
  if (!context.session) throw new ActionError({ code: 'INTERNAL_SERVER_ERROR', message: 'Sessions are not configured.' });
  return context.session;
}

/** The admin doing this: 401 signed out, 403 without this session's token, 404 for a facilitator. */
function adminFor(form: FormData, context: ActionAPIContext) {
  const me = requireFacilitator(context.locals);
  checkCsrf(form, context.locals);
  if (me.role !== 'admin') throw new ActionError({ code: 'NOT_FOUND' });
  return me;
}

async function audit(actor: string, action: string, target: string | null) {
  await (await getStore()).audit.record(auditEntry(actor, action, target));
}

export const moderationAuthActions = {
  signIn: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const checked = await checkSignIn(await getStore(), signInAttempts, text(form, 'email'), text(form, 'password'));
      if (checked.status !== 'ok') return checked;
      const { id } = checked.facilitator;
      const s = session(context);
      // A new id at sign-in: an id someone planted or saw before cannot become a signed-in session.
      await s.regenerate();
      const now = Date.now();
      s.set('auth', secondStepPassed(passwordGiven(id, now), now));
      await audit(id, 'sign-in', id);
      return { status: 'signed-in' as const };
    },
  }),

  signOut: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = context.locals.facilitator;
      if (me) {
        checkCsrf(form, context.locals);
        await audit(me.id, 'sign-out', me.id);
      }
      // Ends it on the server too: the old cookie is worth nothing afterwards.
      if (context.cookies.has(SESSION_COOKIE)) session(context).destroy();
      return { status: 'signed-out' as const };
    },
  }),

  facilitatorAdd: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = adminFor(form, context);
      const values = { email: text(form, 'email').trim(), role: text(form, 'role'), place: text(form, 'place') };
      const result = await addFacilitator(
        await getStore(),
        { ...values, place: values.place || null, password: text(form, 'password') },
        { actor: me.id, placeIds },
      );
      if (!result.ok) return { status: 'invalid' as const, form: 'add' as const, errors: result.errors, values };
      session(context).set('flash', `Added ${result.facilitator.email}. Give them their password in person or by phone, never by email.`);
      return { status: 'done' as const };
    },
  }),

  facilitatorDisable: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = adminFor(form, context);
      const id = text(form, 'id');
      const errors: FacilitatorErrors = {};
      if (id === '') errors.email = 'Choose the account to disable';
      else if (id === me.id) errors.email = "You can't disable your own account";
      if (errors.email) return { status: 'invalid' as const, form: 'disable' as const, errors, values: { id } };
      const result = await disableFacilitator(await getStore(), id, { actor: me.id });
      if (!result.ok) return { status: 'invalid' as const, form: 'disable' as const, errors: result.errors, values: { id } };
      session(context).set('flash', `Disabled ${result.facilitator.email}. They have been signed out and can't sign in again.`);
      return { status: 'done' as const };
    },
  }),

  facilitatorSetPassword: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = adminFor(form, context);
      const id = text(form, 'id');
      const store = await getStore();
      if (id === '' || !(await findFacilitatorById(store, id))) {
        return { status: 'invalid' as const, form: 'password' as const, errors: { email: 'Choose whose password to set' } as FacilitatorErrors, values: { id } };
      }
      const s = session(context);
      const result = await setFacilitatorPassword(store, id, text(form, 'password'), { actor: me.id });
      if (!result.ok) return { status: 'invalid' as const, form: 'password' as const, errors: result.errors, values: { id } };
      // Every session of the account ended; an admin who set their own password stays in, in a new session.
      if (result.facilitator.id === me.id) {
        await s.regenerate();
        const now = Date.now();
        s.set('auth', secondStepPassed(passwordGiven(me.id, now), now));
      }
      const who = result.facilitator.id === me.id ? 'your account' : `${result.facilitator.email}. They have been signed out and sign in with the new password`;
      s.set('flash', `New password set for ${who}.`);
      return { status: 'done' as const };
    },
  }),
};
