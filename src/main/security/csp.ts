/**
 * The renderer's Content Security Policy, sent as a response header by the shell's app://
 * handler with every bundle file (and by the E2E static server, so tests run under the same
 * policy). It matches the meta tag in src/renderer/index.html; the header also covers what a
 * meta tag cannot (frame-ancestors). 'self' is the page's origin, `app://bundle` in the built
 * app: no file:// source is trusted, so a page can load nothing from the disk outside the bundle.
 * The renderer has no network (`connect-src 'none'`): an injected script can reach neither the
 * API nor the internet. In development, Vite's HMR needs inline scripts and styles and a
 * websocket; that variant is never shipped.
 */
export function buildContentSecurityPolicy({ dev = false }: { dev?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    // React sets inline styles through the CSSOM, which style-src does not govern.
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // The dev server is on this machine (renderer-source.ts), so HMR needs no other websocket.
    'connect-src': dev ? ["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*'] : ["'none'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"]
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}
