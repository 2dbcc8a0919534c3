// The item page's team form: a note for colleagues, or a note that asks for a second opinion.
import { z } from 'astro/zod';
import { checkNote } from './notes.ts';

export const teamNoteForm = z.object({
  id: z.string(),
  note: z.string().superRefine((note, ctx) => {
    const problem = checkNote(note);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** Which button: a note, or a note asking for a second opinion. */
  intent: z.enum(['note', 'second-opinion'], { error: 'Choose to add a note or to ask for a second opinion' }),
});
