import { defineMiddleware } from 'astro:middleware';
import { isCrossSiteRequest } from './lib/server/originCheck';

export const onRequest = defineMiddleware((context, next) => {
  if (!context.isPrerendered && isCrossSiteRequest(context.request.method, context.request.headers, context.url.origin)) {
    return new Response('Forms on this site can only be sent from this site.', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  return next();
});
