import { defineConfig } from '@playwright/test';

// End-to-end: the real renderer (built by Vite) in Debian's Chromium, against the real main services running under
// Node behind the bridge, with the reference RCOI server on loopback. Never downloads a browser.
export default defineConfig({
  testDir: './tests/e2e',
  reporter: process.env.CI ? [['list']] : [['list']],
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'ru-RU',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.PPE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
