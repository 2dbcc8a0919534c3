// A team's work on an item and each facilitator's alert settings. Each handler signs in and checks
// the CSRF token itself; an item outside the facilitator's scope is 'not-found' (404 on the page).
import { defineAction } from 'astro:actions';
import { getStore } from '../lib/store/store.ts';
import { flash } from './flash.ts';
import { checkCsrf, requireFacilitator } from '../lib/accounts/access.ts';
import { scopeOf } from '../lib/scope.ts';
import { readForm } from '../lib/forms.ts';
import { addNote } from '../lib/moderation/notes.ts';
import { askSecondOpinion } from '../lib/moderation/secondOpinion.ts';
import { teamNoteForm } from '../lib/moderation/teamNoteForm.ts';
import { setDigest } from '../lib/alerts/preferences.ts';
import { alertSettingsForm } from '../lib/alerts/alertSettingsForm.ts';

export const teamActions = {
  /** One form, two buttons: the pressed button's `intent` says whether the note asks for a second opinion. */
  teamNote: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const facilitator = requireFacilitator(context.locals);
      checkCsrf(form, context.locals);
      const sent = readForm(teamNoteForm, form);
      const { id } = sent.values;
      if (!sent.ok) return { status: 'invalid' as const, id, values: sent.values, errors: sent.errors };
      const { note, intent } = sent.data;
      const ask = intent === 'second-opinion';
      const result = await (ask ? askSecondOpinion : addNote)(await getStore(), facilitator.id, scopeOf(facilitator), id, note);
      if (result.ok) {
        flash(context, ask ? 'Asked for a second opinion. Colleagues see it under "Needs a second opinion"; one of them must make the decision.' : 'Note added. Only the team sees it.');
        return { status: 'done' as const, id };
      }
      if ('notFound' in result) return { status: 'not-found' as const, id };
      return { status: 'invalid' as const, id, values: sent.values, errors: { note: result.error } };
    },
  }),

  alertSettings: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const facilitator = requireFacilitator(context.locals);
      checkCsrf(form, context.locals);
      const sent = readForm(alertSettingsForm, form);
      if (!sent.ok) return { status: 'invalid' as const, values: sent.values, errors: sent.errors };
      const on = sent.data.digest === 'on';
      await setDigest(await getStore(), facilitator.id, on);
      flash(context, on ? 'Saved: you get the digest emails.' : 'Saved: no digest emails. Urgent alerts and reminders still come.');
      return { status: 'done' as const };
    },
  }),
};
