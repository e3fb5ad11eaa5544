import { resolve } from 'node:path'

/** Debian's Chromium: Playwright's own browsers cannot be downloaded on our machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The renderer bundle `electron-vite build` writes, the one Electron loads. */
export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer')

/**
 * The demo accounts' password, as the embedded API seeds them for E2E; a benchmark on a database
 * seeded before (bench/desk-postgres.ts) passes that database's in E2E_DEMO_PASSWORD.
 */
export const E2E_DEMO_PASSWORD = process.env.E2E_DEMO_PASSWORD ?? 'e2e-demo-password'

/** The app's resources: the print fonts and stylesheet main loads. */
export const RESOURCES_DIR = resolve(import.meta.dirname, '../../resources')
