import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

/**
 * End-to-end tests: a real Chromium drives the demo shop, whose servers (the InPost Pay sandbox
 * and the reference merchant backend) each test file starts on loopback ports.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [['list'], ['./test/e2e/summary-reporter.ts']],
  use: {
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    headless: true,
    trace: 'off',
  },
});
