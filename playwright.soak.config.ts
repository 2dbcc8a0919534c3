// `npm run test:soak`: the slow checks (crash safety, durable writes), each starting its own built servers. Run after
// `npm test` has built the site; .ci/run runs it after `npm test`.
import { defineConfig } from '@playwright/test';
import { PRIVACY_USER_AGENT } from './tests/e2e/support/privacy';

export default defineConfig({
  testDir: 'tests/soak',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  reporter: [['list']],
  timeout: 12 * 60_000,
  use: {
    headless: true,
    userAgent: PRIVACY_USER_AGENT,
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] },
  },
});
