import { defineAction } from 'astro:actions';
import { getCollection } from 'astro:content';
import { receiveShare } from '../lib/sharing/share.ts';
import { lookUpReceipt, withdrawByReceipt } from '../lib/sharing/receiptStatus.ts';
import { LOCAL_PLACES } from '../lib/content/localPlaces.ts';
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
    handler: async (form, context) => {
      const places = (await getCollection('places')).map((place) => place.data);
      return receiveShare(form, {
        placeIds: places.map((place) => place.id),
        places,
        localPlaces: LOCAL_PLACES,
        clientAddress: context.clientAddress,
      });
    },
  }),
  shareStatus: defineAction({
    accept: 'form',
    handler: async (form, context) => lookUpReceipt(String(form.get('code') ?? ''), context.clientAddress),
  }),
  withdraw: defineAction({
    accept: 'form',
    handler: async (form, context) => withdrawByReceipt(String(form.get('code') ?? ''), context.clientAddress),
  }),
};
