// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import { sampleCount } from './src/integrations/sampleCount.mjs';
import { searchIndex } from './src/integrations/searchIndex.mjs';
import { precompress } from './src/integrations/precompress.mjs';
import { errorPagesByLanguage } from './src/integrations/errorPagesByLanguage.mjs';
import { translationReport } from './src/integrations/translationReport.mjs';
import { LANGUAGES, SOURCE_LANGUAGE } from './src/i18n/languages.ts';
import { withoutLanguage } from './src/i18n/paths.ts';
import { site as settings } from './src/lib/config.ts';
import { PAGE_CSP_DIRECTIVES } from './src/lib/http/securityHeaders.ts';

// Private and per-person pages stay out of the sitemap, in every language; Voices only if site.yaml allows indexing.
const PRIVATE = /^\/(404|500|moderate|share)(\/|$)/;
/** @param {string} page */
const inSitemap = (page) => {
  const path = withoutLanguage(new URL(page).pathname);
  return !PRIVATE.test(path) && (settings.allowVoicesIndexing || !path.startsWith('/voices/'));
};
// English at /, every other language under its own prefix (src/i18n/languages.ts).
const locales = LANGUAGES.map((language) => language.code);

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  trailingSlash: 'ignore',
  // server.mjs runs Astro's handler after its own steps (headers, built files, compression).
  // No streaming: pages are small and compressed whole, and an error mid-page must still be a 500.
  // staticHeaders: each prerendered page's CSP goes to dist/_headers.json for server.mjs to send.
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true, staticHeaders: true }),
  i18n: { defaultLocale: SOURCE_LANGUAGE, locales, routing: { prefixDefaultLocale: false } },
  integrations: [
    svelte(),
    errorPagesByLanguage(),
    // Each page with its hreflang alternates in the other languages.
    sitemap({ filter: inSitemap, i18n: { defaultLocale: SOURCE_LANGUAGE, locales: Object.fromEntries(LANGUAGES.map((l) => [l.code, l.tag])) } }),
    sampleCount(),
    translationReport(),
    searchIndex(),
    precompress(),
  ],
  // Inline CSS so a page paints after one round trip (tests/e2e/budgets.spec.ts).
  build: { inlineStylesheets: 'always', format: 'directory' },
  // Every page's policy: our directives, then Astro's script-src and style-src with the page's hashes.
  // A share is at most 8,000 characters: anything far larger is refused with 413.
  security: {
    csp: { directives: [...PAGE_CSP_DIRECTIVES] },
    actionBodySizeLimit: 64 * 1024,
    // src/middleware.ts checks origins itself: under no-referrer a page's own forms send Origin: null.
    checkOrigin: false,
  },
  // No syntax highlighting: Shiki's inline styles would need 'unsafe-inline'.
  markdown: { syntaxHighlight: false },
  // Facilitator sessions only (visitors never get one), stored in the store under DATA_DIR.
  // Idle and absolute timeouts are checked in src/middleware.ts; the cookie lasts until the browser closes.
  session: {
    driver: { entrypoint: new URL('./src/lib/accounts/sessionDriver.ts', import.meta.url), config: {} },
    // __Host-: Secure, Path=/ and no Domain, so no other site or subdomain can set or read it.
    // Browsers treat http://localhost as secure, so this works in development and tests too.
    cookie: { name: '__Host-voices-session', secure: true, sameSite: 'strict', path: '/' },
  },
  prefetch: false,
  devToolbar: { enabled: false },
  server: { port: 4321 },
});
