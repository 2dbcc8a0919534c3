import { defineConfig } from '@playwright/test';
import { E2E_DATA_DIR, E2E_PORT as PORT } from './tests/e2e/support/env';
import { MAIN_SERVER_LOG, PRIVACY_USER_AGENT } from './tests/e2e/support/privacy';

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  // After everything: no server kept the client's address, user agent, typed text, receipts or passwords.
  globalTeardown: './tests/e2e/support/privacyTeardown.ts',
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Distinctive, so the privacy check can look for it in every log and DATA_DIR.
    userAgent: PRIVACY_USER_AGENT,
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // Chromium's own background traffic is refused by a closed network; keep it quiet.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node tests/e2e/support/serve.mjs',
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    // No minimum fill time or rate limit here: tests/e2e/share-abuse.spec.ts starts its own server for those.
    env: { PORT: String(PORT), HOST: 'localhost', DATA_DIR: E2E_DATA_DIR, E2E_SERVER_LOG: MAIN_SERVER_LOG, SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0', STATUS_LIMIT_10MIN: '0' },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
