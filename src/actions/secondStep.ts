// The second step of signing in, at /moderate/verify: a code (from the app, or a recovery code) or
// a passkey. Only a session half signed in with a factor to give may use these.
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { checkCsrf, requireSecondStep, sessionOf } from '../lib/accounts/access.ts';
import { relyingPartyOf } from '../lib/accounts/passkeys.ts';
import { checkSecondStepCode, checkSecondStepPasskey, createSecondStepLimiter } from '../lib/accounts/secondStep.ts';
import { codeForm, passkeyAnswerForm } from '../lib/accounts/secondStepForms.ts';
import { finishSignIn, takeChallenge } from '../lib/accounts/twoStepSession.ts';
import { auditEntry } from '../lib/moderation/audit.ts';
import { getStore } from '../lib/store/store.ts';
import { readForm } from '../lib/forms.ts';

const codeAttempts = createSecondStepLimiter();

/** Signed in: a new session id and CSRF token, and the audit entry. */
async function signedIn(context: ActionAPIContext, id: string) {
  await finishSignIn(sessionOf(context));
  await (await getStore()).audit.record(auditEntry(id, 'sign-in', id));
}

export const secondStepActions = {
  verifyCode: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      checkCsrf(form, context.locals);
      const me = requireSecondStep(context.locals);
      // A code is never shown again, right or wrong.
      const sent = readForm(codeForm, form, { forget: ['code'] });
      const { values } = sent;
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const checked = await checkSecondStepCode(await getStore(), codeAttempts, me.id, sent.data.code);
      if (checked.status === 'locked') return { status: 'locked' as const, values, retryAfterSeconds: checked.retryAfterSeconds };
      if (checked.status === 'used') return { status: 'invalid' as const, values, errors: { code: 'That code has been used already. Wait for your app to show a new one, then enter that' } };
      if (checked.status === 'wrong') return { status: 'invalid' as const, values, errors: { code: 'That code is not right. Check your authenticator app (or the recovery code) and try again' } };
      await signedIn(context, me.id);
      if (checked.method === 'recovery-code') {
        const left = checked.recoveryCodesLeft;
        sessionOf(context).set('flash', `You used a recovery code. You have ${left === 0 ? 'none' : left} left: make new ones at Sign-in security${left === 0 ? '' : ' if you are running low'}.`);
      }
      return { status: 'done' as const };
    },
  }),

  verifyPasskey: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      checkCsrf(form, context.locals);
      const me = requireSecondStep(context.locals);
      const sent = readForm(passkeyAnswerForm, form);
      const challenge = await takeChallenge(sessionOf(context), 'sign-in', me.id);
      if (!sent.ok || !challenge || !(await checkSecondStepPasskey(await getStore(), relyingPartyOf(context), me.id, sent.data.credential, challenge))) {
        return { status: 'failed' as const };
      }
      await signedIn(context, me.id);
      return { status: 'done' as const };
    },
  }),
};
