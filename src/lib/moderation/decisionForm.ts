// The item page's form: what to publish (redacted), a message for the author, and the button pressed.
// Rules that depend on the item (the author's consent, a withdrawal) stay in decisions.ts.
import { z } from 'astro/zod';
import { DECISIONS, MAX_MESSAGE } from './decisions.ts';
import { MAX_BODY, MAX_PEN_NAME, MAX_TITLE } from '../sharing/shareForm.ts';
import { isContentWarning } from '../safeguarding/contentWarnings.ts';

/** The fields in the order of the page; what is published is checked only when Publish was pressed. */
export const decisionForm = z
  .object({
    id: z.string(),
    /** The item's status as the page showed it: the decision stands only if it is still so. */
    expected: z.string(),
    title: z.string(),
    body: z.string(),
    penName: z.string(),
    warnings: z.array(z.string()),
    message: z.string().refine((message) => message.length <= MAX_MESSAGE, `The message must be ${MAX_MESSAGE.toLocaleString('en-GB')} characters or fewer`),
    decision: z.enum(DECISIONS, { error: 'Choose what to do with it' }),
  })
  .superRefine((form, ctx) => {
    if (form.decision !== 'publish') return;
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!form.body.trim()) problem('body', 'Enter the text to publish');
    else if (form.body.length > MAX_BODY) problem('body', `The text must be ${MAX_BODY.toLocaleString('en-GB')} characters or fewer`);
    if (form.title.trim().length > MAX_TITLE) problem('title', `The title must be ${MAX_TITLE} characters or fewer`);
    if (form.penName.trim().length > MAX_PEN_NAME) problem('penName', `The name to show must be ${MAX_PEN_NAME} characters or fewer`);
    if (!form.warnings.every(isContentWarning)) problem('warnings', 'Choose content warnings from the list');
  });
