// Prompts, "You said, we did" outcomes and workshop codes. Each handler signs in,
// checks the CSRF token and the facilitator's scope itself; something outside the scope is
// 'not-found', which the pages answer with 404. Pages do Post/Redirect/Get.
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { getStore } from '../lib/store/store.ts';
import { flash } from './flash.ts';
import { checkCsrf, requireFacilitator } from '../lib/accounts/access.ts';
import { closePrompt, createPrompt, saveOutcome } from '../lib/participation/prompts.ts';
import { newPromptForm, outcomeForm } from '../lib/participation/promptForms.ts';
import { createWorkshopCode, endWorkshopCode } from '../lib/participation/workshopCodes.ts';
import { newCodeForm } from '../lib/participation/workshopCodeForm.ts';
import { participationScopeOf, scopeOf } from '../lib/scope.ts';
import { places } from '../lib/config.ts';
import { ukDay } from '../lib/dates.ts';
import { readForm, recordForm, typedValues, type FieldErrors } from '../lib/forms.ts';

/** The facilitator, after the CSRF check, and their scope. */
function signedIn(form: FormData, context: ActionAPIContext) {
  const facilitator = requireFacilitator(context.locals);
  checkCsrf(form, context.locals);
  return { facilitator, scope: participationScopeOf(facilitator) };
}

export const participationActions = {
  promptCreate: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const sent = readForm(newPromptForm(scope, ukDay(Date.now())), form);
      if (!sent.ok) return { status: 'invalid' as const, values: sent.values, errors: sent.errors };
      const prompt = await createPrompt(await getStore(), facilitator.id, sent.data);
      flash(context, 'Question saved. Share its page with young people, or make a workshop code for it.');
      return { status: 'done' as const, id: prompt.id };
    },
  }),

  promptClose: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const { id } = typedValues(recordForm, form);
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
      const sent = readForm(outcomeForm, form);
      const { values } = sent;
      const { id } = values;
      let errors: FieldErrors<typeof outcomeForm> = sent.ok ? {} : sent.errors;
      if (sent.ok) {
        const { weDid, answers } = sent.data;
        // When the outcome on the page was written: one saved since by someone else is not overwritten.
        const seen = form.has('outcomeAt') ? String(form.get('outcomeAt')) : undefined;
        const result = await saveOutcome(await getStore(), facilitator.id, scope, scopeOf(facilitator), id, { weDid, answerIds: answers, seen });
        if (result.ok) {
          flash(context, 'Saved. It is on the question’s page and on "You said, we did".');
          return { status: 'done' as const, id };
        }
        if ('notFound' in result) return { status: 'not-found' as const, id };
        errors = result.errors;
      }
      return { status: 'invalid' as const, id, values, errors };
    },
  }),

  workshopCreate: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const sent = readForm(newCodeForm(scope), form);
      let errors: FieldErrors<ReturnType<typeof newCodeForm>> = sent.ok ? {} : sent.errors;
      if (sent.ok) {
        const result = await createWorkshopCode(await getStore(), facilitator.id, scope, sent.data, { places });
        if (result.ok) {
          flash(context, `New code: ${result.code.code}. Write it up for the group; it stops working at the time shown.`);
          return { status: 'done' as const };
        }
        errors = result.errors;
      }
      return { status: 'invalid' as const, values: sent.values, errors };
    },
  }),

  workshopEnd: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const { facilitator, scope } = signedIn(form, context);
      const { id } = typedValues(recordForm, form);
      const result = await endWorkshopCode(await getStore(), facilitator.id, scope, id);
      if (!result.ok && 'alreadyEnded' in result) {
        flash(context, result.alreadyEnded);
        return { status: 'done' as const };
      }
      if (!result.ok) return { status: 'not-found' as const, id };
      flash(context, 'That code has stopped working.');
      return { status: 'done' as const };
    },
  }),
};
