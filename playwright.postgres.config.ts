// The browser tests on PostgreSQL (`npm run test:postgres` runs them under pg_virtualenv, after the
// vitest suites): two built servers on one database. Each spec starts the servers it needs.
import { defineConfig } from '@playwright/test';
import { PRIVACY_USER_AGENT } from './tests/e2e/support/privacy';

export default defineConfig({
  testDir: 'tests/postgres',
  testMatch: '**/*.spec.ts',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  reporter: [['list']],
  timeout: 120_000,
  use: {
    headless: true,
    userAgent: PRIVACY_USER_AGENT,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
