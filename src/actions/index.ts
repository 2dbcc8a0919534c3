import { defineAction } from 'astro:actions';
import { receiveShare } from '../lib/sharing/share.ts';
import { lookUpReceipt, withdrawByReceipt } from '../lib/sharing/receipt.ts';
import { LOCAL_PLACES } from '../lib/content/localPlaces.ts';
import { placeIds, places } from '../lib/config.ts';
import { text } from '../lib/forms.ts';
import { moderationActions } from './moderation.ts';
import { moderationAuthActions } from './moderationAuth.ts';
import { participationActions } from './participation.ts';

// Forms post here without JavaScript; each handler returns an outcome the page renders itself.
export const server = {
  ...moderationActions,
  ...moderationAuthActions,
  ...participationActions,
  share: defineAction({
    accept: 'form',
    handler: async (form, context) => receiveShare(form, { placeIds, places, localPlaces: LOCAL_PLACES, clientAddress: context.clientAddress }),
  }),
  shareStatus: defineAction({
    accept: 'form',
    handler: async (form, context) => lookUpReceipt(text(form, 'code'), context.clientAddress),
  }),
  withdraw: defineAction({
    accept: 'form',
    handler: async (form, context) => withdrawByReceipt(text(form, 'code'), context.clientAddress),
  }),
};
