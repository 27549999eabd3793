import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './e2e/chromium.ts';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.e2e.test.ts',
  globalSetup: './e2e/global-setup.ts',
  // The tests share one ledger and some change it: one at a time, in file order.
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    browserName: 'chromium',
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    launchOptions: CHROMIUM,
  },
});
