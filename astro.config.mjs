// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import { sampleCount } from './src/integrations/sampleCount.mjs';
import { searchIndex } from './src/integrations/searchIndex.mjs';
import { precompress } from './src/integrations/precompress.mjs';

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  trailingSlash: 'ignore',
  adapter: node({ mode: 'standalone' }),
  integrations: [svelte(), sitemap({ filter: (page) => !page.includes('/404') }), sampleCount(), searchIndex(), precompress()],
  // Inline CSS so a page paints after one round trip (DESIGN.md budgets).
  build: { inlineStylesheets: 'always', format: 'directory' },
  // Astro hashes its inline scripts and styles; server.mjs adds the directives a <meta> cannot carry.
  // A share is at most 8,000 characters: anything far larger is refused with 413.
  security: {
    csp: true,
    actionBodySizeLimit: 64 * 1024,
    // src/middleware.ts checks origins itself: under no-referrer a page's own forms send Origin: null.
    checkOrigin: false,
  },
  // No syntax highlighting: Shiki's inline styles would need 'unsafe-inline'.
  markdown: { syntaxHighlight: false },
  // Facilitator sessions are added by the moderation feature, stored under DATA_DIR.
  session: false,
  prefetch: false,
  devToolbar: { enabled: false },
  server: { port: 4321 },
});
