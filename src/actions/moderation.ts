import { defineAction } from 'astro:actions';
import { getStore } from '../lib/store/store.ts';
import { decide } from '../lib/moderation/decisions.ts';
import { decisionForm } from '../lib/moderation/decisionForm.ts';
import { requireFacilitator, checkCsrf } from '../lib/accounts/access.ts';
import { scopeOf } from '../lib/scope.ts';
import { readForm, type FieldErrors } from '../lib/forms.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../lib/sharing/submission.ts';

export const moderationActions = {
  /** One form, five buttons: the pressed button's `decision` says what to do. */
  moderate: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const facilitator = requireFacilitator(context.locals);
      checkCsrf(form, context.locals);
      const sent = readForm(decisionForm, form);
      const { id } = sent.values;
      let errors: FieldErrors<typeof decisionForm> = sent.ok ? {} : sent.errors;
      if (sent.ok) {
        const { decision, title, body, penName, warnings, message } = sent.data;
        // The status the facilitator saw: the decision stands only if it is still so.
        const seen = sent.data.expected as SubmissionStatus;
        const expected = SUBMISSION_STATUSES.includes(seen) ? seen : undefined;
        const result = await decide(await getStore(), facilitator.id, scopeOf(facilitator), id, decision, { title, body, penName, warnings, message }, { expected });
        if (result.ok) return { status: 'done' as const, id, decision };
        if ('notFound' in result) return { status: 'not-found' as const, id };
        if ('alreadyDecided' in result) return { status: 'already-decided' as const, id, message: result.alreadyDecided };
        errors = result.errors;
      }
      return { status: 'invalid' as const, id, values: sent.values, errors };
    },
  }),
};
