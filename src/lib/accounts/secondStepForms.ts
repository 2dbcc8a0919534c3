// The forms of two-step sign-in: the second step at /moderate/verify, managing factors at
// /moderate/security, and an admin's reset at /moderate/facilitators. What they lead to is
// secondStep.ts and secondFactors.ts.
import { z } from 'astro/zod';
import { checkPasskeyName } from './passkeys.ts';

/** The one field for a code from the app or a recovery code. */
export const codeForm = z.object({
  code: z.string().trim().min(1, 'Enter the 6 digits your authenticator app shows, or one of your recovery codes'),
});

/** A passkey's answer, which the page's script puts in the form (empty or not, passkeys.ts checks it). */
export const passkeyAnswerForm = z.object({ credential: z.string() });

export const newPasskeyForm = z.object({
  name: z.string().trim().superRefine((name, ctx) => {
    const problem = checkPasskeyName(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  credential: z.string(),
});

export const confirmPasswordForm = z.object({ password: z.string().min(1, 'Enter your password') });

/** Confirming an authenticator app being set up with a code from it. */
export const confirmTotpForm = z.object({
  code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6 digits your authenticator app shows'),
});

/** Which factor to remove: 'totp', or a passkey's credential id. */
export const removeFactorForm = z.object({ factor: z.string().min(1, 'Choose what to remove') });

/** An admin's reset of another account's second step; `me` is the admin, who uses /moderate/security for their own. */
export function resetSecondStepForm(me: string) {
  return z.object({
    id: z.string().superRefine((id, ctx) => {
      if (id === '') ctx.addIssue({ code: 'custom', message: 'Choose whose second step to reset' });
      else if (id === me) ctx.addIssue({ code: 'custom', message: 'Change your own at Sign-in security instead' });
    }),
  });
}
