import { defineAction } from 'astro:actions';
import { getStore } from '../lib/store/store.ts';
import { decide, DECISIONS, type Decision, type DecisionFields } from '../lib/moderation/decisions.ts';
import { requireFacilitator, checkCsrf } from '../lib/accounts/access.ts';
import { scopeOf } from '../lib/scope.ts';
import { text, texts } from '../lib/forms.ts';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../lib/sharing/submission.ts';

export const moderationActions = {
  /** One form, five buttons: the pressed button's `decision` says what to do. */
  moderate: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const facilitator = requireFacilitator(context.locals);
      checkCsrf(form, context.locals);
      const id = text(form, 'id');
      const decision = text(form, 'decision') as Decision;
      const fields: DecisionFields = {
        title: text(form, 'title'),
        body: text(form, 'body'),
        penName: text(form, 'penName'),
        warnings: texts(form, 'warnings'),
        message: text(form, 'message'),
      };
      if (!DECISIONS.includes(decision)) return { status: 'invalid' as const, id, fields, errors: { decision: 'Choose what to do with it' } };
      // The status the facilitator saw: the decision stands only if it is still so.
      const seen = text(form, 'expected') as SubmissionStatus;
      const expected = SUBMISSION_STATUSES.includes(seen) ? seen : undefined;
      const result = await decide(await getStore(), facilitator.id, scopeOf(facilitator), id, decision, fields, { expected });
      if (result.ok) return { status: 'done' as const, id, decision };
      if ('notFound' in result) return { status: 'not-found' as const, id };
      if ('alreadyDecided' in result) return { status: 'already-decided' as const, id, message: result.alreadyDecided };
      return { status: 'invalid' as const, id, fields, errors: result.errors };
    },
  }),
};
