import { defineAction } from 'astro:actions';
import { receiveShare } from '../lib/sharing/share.ts';
import { lookUpReceipt, withdrawByReceipt } from '../lib/sharing/receipt.ts';
import { receiptCodeForm } from '../lib/sharing/shareForm.ts';
import { LOCAL_PLACES } from '../lib/content/localPlaces.ts';
import { placeIds, places } from '../lib/config.ts';
import { typedValues } from '../lib/forms.ts';
import { moderationActions } from './moderation.ts';
import { moderationAuthActions } from './moderationAuth.ts';
import { participationActions } from './participation.ts';
import { teamActions } from './team.ts';
import { secondFactorActions } from './secondFactors.ts';
import { secondStepActions } from './secondStep.ts';

// Forms post here without JavaScript; each handler returns an outcome the page renders itself.
export const server = {
  ...moderationActions,
  ...moderationAuthActions,
  ...participationActions,
  ...teamActions,
  ...secondStepActions,
  ...secondFactorActions,
  share: defineAction({
    accept: 'form',
    handler: async (form, context) => receiveShare(form, { placeIds, places, localPlaces: LOCAL_PLACES, clientAddress: context.clientAddress }),
  }),
  // The code as typed comes back, so a mistyped one can be corrected rather than typed again.
  shareStatus: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const values = typedValues(receiptCodeForm, form);
      return { ...(await lookUpReceipt(values.code, context.clientAddress)), values };
    },
  }),
  withdraw: defineAction({
    accept: 'form',
    handler: async (form, context) => {
      const values = typedValues(receiptCodeForm, form);
      return { ...(await withdrawByReceipt(values.code, context.clientAddress)), values };
    },
  }),
};
