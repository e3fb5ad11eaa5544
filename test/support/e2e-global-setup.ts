import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { CHROMIUM_PATH, RENDERER_DIR } from './e2e-paths'

/** Fails the run at once, with the fix, instead of letting every test time out. */
export default function globalSetup(): void {
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `E2E needs the built renderer at ${RENDERER_DIR}/index.html. ` +
        'Run `npx electron-vite build` first (`npm run build`).'
    )
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `E2E needs Chromium at ${CHROMIUM_PATH} (Debian package "chromium"; set CHROMIUM_PATH to ` +
        'use another). `npx playwright install` cannot download browsers on our machines.'
    )
  }
}
