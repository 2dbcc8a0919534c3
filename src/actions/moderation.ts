import { defineAction } from 'astro:actions';
import { getStore } from '../lib/store/store.ts';
import { decide, DECISIONS, type Decision, type DecisionFields } from '../lib/moderation/decisions.ts';
import { requireFacilitator, checkCsrf } from '../lib/accounts/access.ts';
import { scopeOf } from '../lib/scope.ts';
import { text, texts } from '../lib/forms.ts';

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
      const result = await decide(await getStore(), facilitator.id, scopeOf(facilitator), id, decision, fields);
      if (result.ok) return { status: 'done' as const, id, decision };
      if ('notFound' in result) return { status: 'not-found' as const, id };
      return { status: 'invalid' as const, id, fields, errors: result.errors };
    },
  }),
};
