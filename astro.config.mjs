// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import { sampleCount } from './src/integrations/sampleCount.mjs';

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  trailingSlash: 'ignore',
  adapter: node({ mode: 'standalone' }),
  integrations: [svelte(), sitemap(), sampleCount()],
  // Inline CSS so a page paints after one round trip (DESIGN.md budgets).
  build: { inlineStylesheets: 'always', format: 'directory' },
  // Astro hashes its inline scripts and styles; server.mjs adds the directives a <meta> cannot carry.
  security: { csp: true },
  prefetch: false,
  devToolbar: { enabled: false },
  server: { port: 4321 },
});
