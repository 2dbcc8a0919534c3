// Prompts, "You said, we did" outcomes and workshop codes. Each handler signs in,
// checks the CSRF token and the facilitator's scope itself; something outside the scope is
// 'not-found', which the pages answer with 404. Pages do Post/Redirect/Get.
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { getStore } from '../lib/store/store.ts';
import { checkCsrf, requireFacilitator } from '../lib/accounts/access.ts';
import { closePrompt, createPrompt, saveOutcome, type PromptFields } from '../lib/participation/prompts.ts';
import { createWorkshopCode, endWorkshopCode, type CodeFields } from '../lib/participation/workshopCodes.ts';
import { participationScopeOf, scopeOf } from '../lib/scope.ts';
import { places } from '../lib/config.ts';
import { text, texts } from '../lib/forms.ts';

/** The facilitator, after the CSRF check, and their scope. */
function signedIn(form: FormData, context: ActionAPIContext) {
  const facilitator = requireFacilitator(context.locals);
  checkCsrf(form, context.locals);
  return { facilitator, scope: participationScopeOf(facilitator) };
}

const flash = (context: ActionAPIContext, message: string) => context.session?.set('flash', message);

export const participationActions = {
  promptCreate: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const values: PromptFields = {
        question: text(form, 'question'),
        context: text(form, 'context'),
        place: text(form, 'place'),
        opensOn: text(form, 'opensOn'),
        closesOn: text(form, 'closesOn'),
      };
      const result = await createPrompt(await getStore(), facilitator.id, scope, values);
      if (!result.ok) return { status: 'invalid' as const, errors: result.errors, values };
      flash(context, 'Question saved. Share its page with young people, or make a workshop code for it.');
      return { status: 'done' as const, id: result.prompt.id };
    },
  }),

  promptClose: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const id = text(form, 'id');
      const result = await closePrompt(await getStore(), facilitator.id, scope, id);
      if (result.ok) {
        flash(context, 'Closed. No more answers are taken. Now write what changed because of them.');
        return { status: 'done' as const, id };
      }
      if ('notFound' in result) return { status: 'not-found' as const, id };
      return { status: 'invalid' as const, id, errors: { close: result.error } };
    },
  }),

  promptOutcome: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const id = text(form, 'id');
      const values = { weDid: text(form, 'weDid'), answerIds: texts(form, 'answers') };
      const result = await saveOutcome(await getStore(), facilitator.id, scope, scopeOf(facilitator), id, values);
      if (result.ok) {
        flash(context, 'Saved. It is on the question’s page and on "You said, we did".');
        return { status: 'done' as const, id };
      }
      if ('notFound' in result) return { status: 'not-found' as const, id };
      return { status: 'invalid' as const, id, errors: result.errors, values };
    },
  }),

  workshopCreate: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const values: CodeFields = { place: text(form, 'place'), prompt: text(form, 'prompt'), hours: text(form, 'hours') };
      const result = await createWorkshopCode(await getStore(), facilitator.id, scope, values, { places });
      if (!result.ok) return { status: 'invalid' as const, errors: result.errors, values };
      flash(context, `New code: ${result.code.code}. Write it up for the group; it stops working at the time shown.`);
      return { status: 'done' as const };
    },
  }),

  workshopEnd: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const id = text(form, 'id');
      const result = await endWorkshopCode(await getStore(), facilitator.id, scope, id);
      if (!result.ok) return { status: 'not-found' as const, id };
      flash(context, 'That code has stopped working.');
      return { status: 'done' as const };
    },
  }),
};
