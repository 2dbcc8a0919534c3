// Signing in and out (the password; the second step is secondStep.ts), giving the password again
// before factors change, and admins managing facilitator accounts. Each handler authorises itself;
// the pages render the outcome and redirect (Post/Redirect/Get) when it is done.
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { auditEntry } from '../lib/moderation/audit.ts';
import { passwordGiven, secondStepPassed, SESSION_COOKIE } from '../lib/accounts/session.ts';
import { addFacilitator, disableFacilitator, setFacilitatorPassword } from '../lib/accounts/facilitators.ts';
import { disableForm, newFacilitatorForm, setPasswordForm } from '../lib/accounts/facilitatorForms.ts';
import { signInForm } from '../lib/accounts/signInForm.ts';
import { confirmPasswordForm, resetSecondStepForm } from '../lib/accounts/secondStepForms.ts';
import { hasSecondFactor, resetSecondFactors } from '../lib/accounts/secondFactors.ts';
import { noteProven } from '../lib/accounts/twoStepSession.ts';
import { checkCsrf, requireFacilitator, sessionOf } from '../lib/accounts/access.ts';
import { checkSignIn, createSignInLimiter } from '../lib/accounts/signIn.ts';
import { getStore } from '../lib/store/store.ts';
import { placeIds } from '../lib/config.ts';
import { readForm, type FieldErrors } from '../lib/forms.ts';

// One count for the password, at sign-in and given again: a guess is a guess either way.
const signInAttempts = createSignInLimiter();
const newFacilitator = newFacilitatorForm(placeIds);

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
      const sent = readForm(signInForm, form, { forget: ['password'] });
      const { values } = sent;
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const checked = await checkSignIn(await getStore(), signInAttempts, sent.data.email, sent.data.password);
      if (checked.status === 'failed') return { status: 'failed' as const, values };
      if (checked.status === 'locked') return { status: 'locked' as const, values, retryAfterSeconds: checked.retryAfterSeconds };
      const { id } = checked.facilitator;
      const s = sessionOf(context);
      // A new id at the password: an id someone planted or saw before cannot become a session
      // (and another at the second step). Half signed in: verify.astro or security.astro is next.
      await s.regenerate();
      s.set('auth', passwordGiven(id, Date.now()));
      await audit(id, 'sign-in-password', id);
      const factors = await (await getStore()).secondFactors.of(id);
      return { status: 'done' as const, next: hasSecondFactor(factors) ? '/moderate/verify' : '/moderate/security' };
    },
  }),

  signOut: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = context.locals.facilitator ?? context.locals.secondStep?.facilitator;
      if (me) {
        checkCsrf(form, context.locals);
        await audit(me.id, 'sign-out', me.id);
      }
      // Ends it on the server too: the old cookie is worth nothing afterwards.
      if (context.cookies.has(SESSION_COOKIE)) sessionOf(context).destroy();
      return { status: 'done' as const, next: '/moderate/login?signed-out' };
    },
  }),

  /** The password again, before factors change at /moderate/security (a signed-in facilitator only). */
  confirmPassword: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = requireFacilitator(context.locals);
      checkCsrf(form, context.locals);
      const sent = readForm(confirmPasswordForm, form, { forget: ['password'] });
      const { values } = sent;
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const checked = await checkSignIn(await getStore(), signInAttempts, me.email, sent.data.password);
      if (checked.status === 'locked') return { status: 'locked' as const, values, retryAfterSeconds: checked.retryAfterSeconds };
      if (checked.status !== 'ok' || checked.facilitator.id !== me.id) return { status: 'invalid' as const, values, errors: { password: 'That is not your password' } };
      await noteProven(sessionOf(context));
      return { status: 'done' as const };
    },
  }),

  facilitatorAdd: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = adminFor(form, context);
      const sent = readForm(newFacilitator, form, { forget: ['password'] });
      let errors: FieldErrors<typeof newFacilitator> = sent.ok ? {} : sent.errors;
      if (sent.ok) {
        const result = await addFacilitator(await getStore(), sent.data, { actor: me.id });
        if (result.ok) {
          sessionOf(context).set('flash', `Added ${result.facilitator.email}. Give them their password in person or by phone, never by email.`);
          return { status: 'done' as const };
        }
        errors = result.errors;
      }
      return { status: 'invalid' as const, values: sent.values, errors };
    },
  }),

  facilitatorDisable: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = adminFor(form, context);
      const sent = readForm(disableForm(me.id), form);
      const { values } = sent;
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const result = await disableFacilitator(await getStore(), sent.data.id, { actor: me.id });
      if (!result.ok) return { status: 'invalid' as const, values, errors: { id: result.errors.email } };
      sessionOf(context).set('flash', `Disabled ${result.facilitator.email}. They have been signed out and can't sign in again.`);
      return { status: 'done' as const };
    },
  }),

  facilitatorSetPassword: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = adminFor(form, context);
      const sent = readForm(setPasswordForm, form, { forget: ['password'] });
      const { values } = sent;
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const s = sessionOf(context);
      const result = await setFacilitatorPassword(await getStore(), sent.data.id, sent.data.password, { actor: me.id });
      // Its form has checked the password, so the one thing left to refuse is an account that is not there.
      if (!result.ok) return { status: 'invalid' as const, values, errors: { id: 'Choose whose password to set' } };
      // Every session of the account ended; an admin who set their own password stays in, in a new
      // session, still signed in: their second step was given, and no factor changed.
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

  /** Removes every factor of another account and ends its sessions: it sets up a new one at its next sign-in. */
  facilitatorResetSecondStep: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const me = adminFor(form, context);
      const sent = readForm(resetSecondStepForm(me.id), form);
      const { values } = sent;
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const reset = await resetSecondFactors(await getStore(), sent.data.id, { actor: me.id });
      if (!reset) return { status: 'invalid' as const, values, errors: { id: 'Choose whose second step to reset' } };
      sessionOf(context).set('flash', `Reset the second step of ${reset.email}. They have been signed out, and set up a passkey or an authenticator app when they next sign in.`);
      return { status: 'done' as const };
    },
  }),
};
