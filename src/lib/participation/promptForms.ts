// The forms of a prompt: asking a new question, and once it is closed, what changed ("You said,
// we did"). Rules that need the store (the prompt's state, which answers are still published) stay
// in prompts.ts.
import { z } from 'astro/zod';
import { canTargetPrompt, type ParticipationScope } from '../scope.ts';
import { isDay } from '../dates.ts';
import { MAX_ANSWERS_SHOWN, MAX_CONTEXT, MAX_QUESTION, MAX_WE_DID, NETWORK } from './prompts.ts';

/** Facilitators' text: trimmed, with Windows line ends as plain ones. */
const written = z.string().transform((text) => text.trim().replace(/\r\n/g, '\n'));

/** A new question, for a place in this facilitator's scope (NETWORK: the whole network, admins only), open from one UK day to another. */
export function newPromptForm(scope: ParticipationScope, today: string) {
  return z
    .object({
      question: z.string().trim().min(1, 'Enter the question').max(MAX_QUESTION, `The question must be ${MAX_QUESTION} characters or fewer`),
      context: written.refine((context) => context.length <= MAX_CONTEXT, `The context must be ${MAX_CONTEXT.toLocaleString('en-GB')} characters or fewer`),
      place: z
        .string()
        .transform((place) => (place === NETWORK ? null : place))
        .refine((place) => place !== '' && canTargetPrompt(scope, place), 'Choose who the question is for'),
      opensOn: z.string().refine(isDay, 'Enter the opening date as a real date, for example 2026-12-01'),
      closesOn: z
        .string()
        .refine(isDay, 'Enter the closing date as a real date, for example 2026-12-31')
        .refine((day) => !isDay(day) || day >= today, 'The closing date must be today or later'),
    })
    .superRefine(({ opensOn, closesOn }, ctx) => {
      // Only between two real dates, and only once the closing date is today or later (the field's own rules first).
      if (isDay(opensOn) && isDay(closesOn) && closesOn >= today && closesOn < opensOn) {
        ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'The closing date must be the same as or after the opening date' });
      }
    });
}

/** What changed because of a closed prompt's answers, and the published answers to show beside it. */
export const outcomeForm = z.object({
  id: z.string(),
  weDid: written.superRefine((weDid, ctx) => {
    if (!weDid) ctx.addIssue({ code: 'custom', message: 'Write what changed because of the answers' });
    else if (weDid.length > MAX_WE_DID) ctx.addIssue({ code: 'custom', message: `What changed must be ${MAX_WE_DID.toLocaleString('en-GB')} characters or fewer` });
  }),
  answers: z
    .array(z.string())
    .transform((ids) => [...new Set(ids)])
    .refine((ids) => ids.length <= MAX_ANSWERS_SHOWN, `Choose at most ${MAX_ANSWERS_SHOWN} answers`),
});
