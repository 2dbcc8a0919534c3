// The form for a new workshop code: a place in the facilitator's scope, optionally a question, and
// how long it works. Whether the question is open and reaches the place needs the store: workshopCodes.ts.
import { z } from 'astro/zod';
import type { ParticipationScope } from '../scope.ts';
import { CODE_HOURS, MAX_CODE_HOURS } from './workshopCodes.ts';

export function newCodeForm(scope: ParticipationScope) {
  return z.object({
    place: z.string().refine((place) => scope.places.has(place), 'Choose the hub or spoke the answers go to'),
    /** A prompt id, or '' for none. */
    prompt: z.string().transform((prompt) => (prompt === '' ? null : prompt)),
    hours: z
      .string()
      .transform(Number)
      .refine((hours) => (CODE_HOURS as readonly number[]).includes(hours), `Choose how long the code works: at most ${MAX_CODE_HOURS} hours`),
  });
}
