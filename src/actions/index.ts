import { defineAction } from 'astro:actions';
import { getCollection } from 'astro:content';
import { receiveShare } from '../lib/server/share.ts';
import { lookUpReceipt, withdrawByReceipt } from '../lib/server/receiptStatus.ts';
import { LOCAL_PLACES } from '../lib/content/localPlaces.ts';
import { moderationActions } from './moderation.ts';
import { moderationAuthActions } from './moderationAuth.ts';

// Forms post here without JavaScript; each handler returns an outcome the page renders itself.
export const server = {
  ...moderationActions,
  ...moderationAuthActions,
  share: defineAction({
    accept: 'form',
    handler: async (form, context) =>
      receiveShare(form, {
        placeIds: (await getCollection('places')).map((place) => place.id),
        localPlaces: LOCAL_PLACES,
        clientAddress: context.clientAddress,
      }),
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
