import { defineConfig } from '@playwright/test';
import { E2E_DATA_DIR } from './tests/e2e/support/env';
import { MAIN_SERVER_LOG, PRIVACY_USER_AGENT } from './tests/e2e/support/privacy';
import { LISTENING } from './tests/e2e/support/server';

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  // Before everything: no pages saved for the Nu Html Checker yet; after, it checks them and dist/.
  globalSetup: './tests/e2e/support/markupCheck.ts',
  // After everything: no server kept the client's address, user agent, typed text, receipts or passwords.
  globalTeardown: './tests/e2e/support/privacyTeardown.ts',
  use: {
    // Set by webServer.wait below once the server says where it listens (workers read the config after that).
    baseURL: process.env.E2E_BASE_URL,
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
    // Port 0: any free port. LISTENING's named group puts the address it prints in process.env.E2E_BASE_URL.
    wait: { stdout: LISTENING },
    reuseExistingServer: false,
    timeout: 60_000,
    // No minimum fill time or rate limit here: tests/e2e/share-abuse.spec.ts starts its own server for those.
    env: { PORT: '0', HOST: 'localhost', DATA_DIR: E2E_DATA_DIR, E2E_SERVER_LOG: MAIN_SERVER_LOG, SHARE_MIN_SECONDS: '0', SHARE_LIMIT_10MIN: '0', SHARE_LIMIT_DAY: '0', STATUS_LIMIT_10MIN: '0' },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
