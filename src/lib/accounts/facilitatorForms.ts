// The forms that manage facilitator accounts (/moderate/facilitators, and the command line's
// checks): a new account, a new password, disabling one. Rules that need the store (an email
// already in use, an account that no longer exists) stay in facilitators.ts.
import { z } from 'astro/zod';
import { normaliseEmail } from './facilitators.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ROLES = ['admin', 'facilitator'] as const;

/** A password's length as people count it: in characters, not bytes or UTF-16 units. */
const length = (password: string) => [...password].length;

/** The rules a new password must meet. */
export const newPassword = z.string().superRefine((password, ctx) => {
  const n = length(password);
  if (n === 0) ctx.addIssue({ code: 'custom', message: 'Enter a password' });
  else if (n < PASSWORD_MIN) ctx.addIssue({ code: 'custom', message: `The password must be at least ${PASSWORD_MIN} characters (it has ${n})` });
  else if (n > PASSWORD_MAX) ctx.addIssue({ code: 'custom', message: `The password must be ${PASSWORD_MAX} characters or fewer (it has ${n})` });
});

/** A new account: email (stored lowercased), role, place (a hub or spoke id; '' for none, admins only), password. */
export function newFacilitatorForm(placeIds: readonly string[]) {
  return z
    .object({
      email: z.string().transform(normaliseEmail).superRefine((email, ctx) => {
        if (email === '') ctx.addIssue({ code: 'custom', message: 'Enter an email address' });
        else if (email.length > 254 || !EMAIL.test(email)) ctx.addIssue({ code: 'custom', message: 'Enter an email address in the correct format, like name@example.org' });
      }),
      role: z.enum(ROLES, { error: 'Choose a role: admin or facilitator' }),
      place: z
        .string()
        .transform((place) => place || null)
        .refine((place) => place === null || placeIds.includes(place), {
          error: (issue) => `"${String(issue.input)}" is not a place in content/places.yaml (choose one of: ${placeIds.join(', ')})`,
        }),
      password: newPassword,
    })
    .superRefine((account, ctx) => {
      if (account.role === 'facilitator' && account.place === null) ctx.addIssue({ code: 'custom', path: ['place'], message: 'Choose the hub or spoke this facilitator works in' });
    });
}

export const setPasswordForm = z.object({
  id: z.string().min(1, 'Choose whose password to set'),
  password: newPassword,
});

/** Disabling an account; `me` is the admin doing it, who may not disable themselves. */
export function disableForm(me: string) {
  return z.object({
    id: z.string().superRefine((id, ctx) => {
      if (id === '') ctx.addIssue({ code: 'custom', message: 'Choose the account to disable' });
      else if (id === me) ctx.addIssue({ code: 'custom', message: "You can't disable your own account" });
    }),
  });
}
