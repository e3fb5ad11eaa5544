import { isSameOrigin } from './origin'

/**
 * Where the window may go (Electron security checklist item 13), pure so it is unit-tested in
 * Node. `trustedOrigin` is the page's origin: `app://bundle` for the built app, or the
 * electron-vite dev server (`http://localhost:5173`) during `npm run dev`
 * (src/main/security/renderer-source.ts). The renderer routes inside its page, so any path on
 * that origin is fine; every other origin, file:// included, is refused.
 */
export function isAllowedNavigation(url: unknown, trustedOrigin: string): boolean {
  return isSameOrigin(url, trustedOrigin)
}
