// `npm run test:postgres`: the store contract on both stores, and the PostgreSQL store's own tests,
// on the throwaway cluster scripts/with-postgres.sh starts (one for the whole run).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/postgres/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
