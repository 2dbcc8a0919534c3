// Managing sign-in factors at /moderate/security: setting up an authenticator app or a passkey,
// removing one (never the last), new recovery codes. Each needs the password given within the last
// few minutes (at sign-in, or again: moderationAuth.ts confirmPassword). Half signed in without a
// factor, a session may set up its first, which finishes signing in; nothing else.
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { checkCsrf, requireSecurity, sessionOf } from '../lib/accounts/access.ts';
import { relyingPartyOf, verifyRegistration } from '../lib/accounts/passkeys.ts';
import { confirmTotp, keepPasskey, removeFactor, replaceRecoveryCodes, type FactorRef } from '../lib/accounts/secondFactors.ts';
import { confirmTotpForm, newPasskeyForm, removeFactorForm } from '../lib/accounts/secondStepForms.ts';
import { recentlyProven } from '../lib/accounts/session.ts';
import { newTotpSecret } from '../lib/accounts/totp.ts';
import { finishSignIn, keepRecoveryCodes, keepTotpSetup, takeChallenge, totpSetupOf } from '../lib/accounts/twoStepSession.ts';
import { auditEntry } from '../lib/moderation/audit.ts';
import { getStore } from '../lib/store/store.ts';
import { readForm } from '../lib/forms.ts';

/** Whether the password (or a second step) was given within the last few minutes. */
async function proven(context: ActionAPIContext): Promise<boolean> {
  const auth = await sessionOf(context).get('auth');
  return auth !== undefined && recentlyProven(auth, Date.now());
}

const notProven = { status: 'failed' as const, reason: 'not-proven' as const };

/** A first factor set up: recovery codes to show once, and the session signed in. */
async function firstFactorSetUp(context: ActionAPIContext, id: string) {
  const store = await getStore();
  const session = sessionOf(context);
  keepRecoveryCodes(store, session, id, (await replaceRecoveryCodes(store, id, { actor: id }))!);
  await finishSignIn(session);
  await store.audit.record(auditEntry(id, 'sign-in', id));
}

export const secondFactorActions = {
  /** A new secret for an authenticator app, kept (sealed) in the session until a code confirms it. */
  totpStart: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { me } = requireSecurity(context.locals, 'allowed');
      checkCsrf(form, context.locals);
      if (!(await proven(context))) return notProven;
      keepTotpSetup(await getStore(), sessionOf(context), me.id, newTotpSecret());
      return { status: 'done' as const };
    },
  }),

  totpConfirm: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { me, enrolling } = requireSecurity(context.locals, 'allowed');
      checkCsrf(form, context.locals);
      if (!(await proven(context))) return notProven;
      const sent = readForm(confirmTotpForm, form, { forget: ['code'] });
      const { values } = sent;
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const store = await getStore();
      const session = sessionOf(context);
      const secret = await totpSetupOf(store, session, me.id);
      if (!secret) return { status: 'failed' as const, reason: 'no-setup' as const };
      const result = await confirmTotp(store, me.id, secret, sent.data.code, { actor: me.id });
      if (!result.ok) return { status: 'invalid' as const, values, errors: { code: 'That code is not right. Check the app shows Voices, and enter the code it shows now' } };
      session.delete('totpSetup');
      if (enrolling) await firstFactorSetUp(context, me.id);
      session.set('flash', result.replaced ? 'Your new authenticator app is set up; the old one no longer works.' : 'Your authenticator app is set up.');
      return { status: 'done' as const };
    },
  }),

  passkeyAdd: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { me, enrolling } = requireSecurity(context.locals, 'allowed');
      checkCsrf(form, context.locals);
      if (!(await proven(context))) return notProven;
      const sent = readForm(newPasskeyForm, form);
      const { values } = sent;
      const session = sessionOf(context);
      // Taken out whatever happens next: a challenge is answered once.
      const challenge = await takeChallenge(session, 'register', me.id);
      if (!sent.ok) return { status: 'invalid' as const, values, errors: sent.errors };
      const made = challenge && (await verifyRegistration(relyingPartyOf(context), sent.data.credential, challenge));
      const store = await getStore();
      const passkey = made && { ...made, facilitatorId: me.id, name: sent.data.name, createdAt: new Date().toISOString(), lastUsedAt: null };
      if (!passkey || !(await keepPasskey(store, passkey, { actor: me.id }))) return { status: 'failed' as const, reason: 'passkey' as const, values };
      if (enrolling) await firstFactorSetUp(context, me.id);
      session.set('flash', `Your passkey "${passkey.name}" is added.`);
      return { status: 'done' as const };
    },
  }),

  factorRemove: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { me } = requireSecurity(context.locals, 'refused');
      checkCsrf(form, context.locals);
      if (!(await proven(context))) return notProven;
      const sent = readForm(removeFactorForm, form);
      if (!sent.ok) return { status: 'invalid' as const, values: sent.values, errors: sent.errors };
      const factor: FactorRef = sent.data.factor === 'totp' ? { kind: 'totp' } : { kind: 'passkey', id: sent.data.factor };
      const removed = await removeFactor(await getStore(), me.id, factor, { actor: me.id });
      if (removed === 'not-found') return { status: 'not-found' as const };
      if (removed === 'last') return { status: 'invalid' as const, values: sent.values, errors: { factor: 'You can’t remove your only passkey or app: add another way to sign in first' } };
      sessionOf(context).set('flash', factor.kind === 'totp' ? 'Your authenticator app is removed.' : 'That passkey is removed.');
      return { status: 'done' as const };
    },
  }),

  /** Ten new recovery codes, shown once on the next page; the old ones stop working. */
  recoveryCodesNew: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { me } = requireSecurity(context.locals, 'refused');
      checkCsrf(form, context.locals);
      if (!(await proven(context))) return notProven;
      const store = await getStore();
      keepRecoveryCodes(store, sessionOf(context), me.id, (await replaceRecoveryCodes(store, me.id, { actor: me.id }))!);
      return { status: 'done' as const };
    },
  }),
};
