/**
 * URL decisions for the window, pure so they are unit-tested in Node.
 *
 * `appUrl` is what the window loads: the built `file://…/out/renderer/index.html`, or the
 * electron-vite dev server (`http://localhost:5173/`) during `npm run dev`.
 */

function parse(url: unknown): URL | undefined {
  if (typeof url !== 'string' || url === '') return undefined
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/**
 * True when `url` is the app's own page: the same file (query and hash may differ, the renderer
 * routes with them), or the same origin as the dev server. Everything else is refused.
 */
export function isAppUrl(url: unknown, appUrl: string): boolean {
  const target = parse(url)
  const app = parse(appUrl)
  if (!target || !app) return false
  if (app.protocol === 'file:') {
    return (
      target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname
    )
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return target.origin === app.origin
  }
  return false
}

/** Whether the window may navigate to `url`: only within the app itself (checklist 13). */
export function isAllowedNavigation(url: unknown, appUrl: string): boolean {
  return isAppUrl(url, appUrl)
}

/**
 * Whether an IPC message comes from the app's own page (checklist 17). A frame that has gone
 * away (`null`) or any other document, an injected iframe included, is untrusted.
 */
export function isTrustedSenderUrl(senderUrl: unknown, appUrl: string): boolean {
  return isAppUrl(senderUrl, appUrl)
}
