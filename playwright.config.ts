import { defineConfig } from '@playwright/test'
import { CHROMIUM_PATH } from './test/support/e2e-paths'

/**
 * E2E: the built renderer (`out/renderer`, from `electron-vite build`) in Debian Chromium, with
 * main's real IPC handlers and the real API running in the test process (test/support/e2e-*).
 * Run `npx electron-vite build && npx playwright test`.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/support/e2e-global-setup.ts',
  outputDir: 'test-results',
  // Generous: on a slow day this 2-core machine runs the same flows 2–3× slower (a receipt's PDF
  // took over 10 s, an axe pass 20 s); a passing test takes no longer for it.
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  // Each worker runs its own API on PGlite; two keep memory modest and the run quick.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    // With an executablePath, Playwright launches that binary with `--headless` (not its own
    // headless shell, which is not installed) and a fresh temporary --user-data-dir per launch.
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    },
    locale: 'lv-LV',
    timezoneId: 'Europe/Riga',
    viewport: { width: 1280, height: 820 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure'
  }
})
