// The sign-in form. What happens next (the lock, the one answer for every failure) is signIn.ts.
import { z } from 'astro/zod';

/** Longest email checked and shown in the form again. */
const MAX_EMAIL = 320;

export const signInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .transform((email) => email.slice(0, MAX_EMAIL)),
  password: z.string().min(1, 'Enter your password'),
});
