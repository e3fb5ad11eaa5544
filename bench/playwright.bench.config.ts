import { defineConfig } from '@playwright/test'
import baseConfig from '../playwright.config'

/**
 * `npm run bench:timeline` and `npm run bench:desk`: the E2E harness (built renderer in Chromium, real main handlers, real
 * API on PGlite) used to time the timeline. A benchmark, not a test: it prints figures.
 */
export default defineConfig({
  ...baseConfig,
  testDir: '.',
  testMatch: '*.bench.spec.ts',
  globalSetup: '../test/support/e2e-global-setup.ts',
  outputDir: '../test-results/bench',
  timeout: 600_000,
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  // Benchmarks time the page; a trace would time itself too.
  use: { ...baseConfig.use, trace: 'off', screenshot: 'off' }
})
