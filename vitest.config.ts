import { defineConfig } from 'vitest/config';

export default defineConfig({
  // src/middleware.ts imports Astro's virtual middleware module, which is this file of Astro's.
  resolve: { alias: { 'astro:middleware': 'astro/virtual-modules/middleware.js' } },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
