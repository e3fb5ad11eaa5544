import { z } from 'zod'
import { isLoopbackHostname } from './loopback'

/**
 * Where the window's page comes from. Installed, always the built bundle on `app://bundle`
 * (src/main/electron/app-protocol.ts). Under `npm run dev`, electron-vite's dev server, which it
 * names in ELECTRON_RENDERER_URL.
 */

/** The custom scheme the bundle is served on (registered as privileged before app ready). */
export const APP_SCHEME = 'app'
/** The bundle's origin: what CSP 'self', the navigation guard and the IPC sender check trust. */
export const APP_ORIGIN = `${APP_SCHEME}://bundle`
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

export type RendererSource =
  | { kind: 'bundle'; url: string; origin: string }
  | { kind: 'dev-server'; url: string; origin: string }

/**
 * ELECTRON_RENDERER_URL: the dev server on this machine, over plain http. Any other address
 * would have the window run someone else's page with the bridge to main.
 */
export const DevServerUrlSchema = z
  // `abort`: a string that is no http URL gets this one message, not the host check's too.
  .url({ protocol: /^http$/, error: 'must be an http:// URL', abort: true })
  .refine((url) => isLoopbackHostname(new URL(url).hostname), {
    error: 'must be on this machine (localhost, 127.0.0.1 or [::1])'
  })

/** A development setting that names an address the app will not load. */
export class DevServerUrlError extends Error {
  override readonly name = 'DevServerUrlError'
}

/**
 * Chooses the page. ELECTRON_RENDERER_URL counts only in development: an installed app ignores
 * it, so nobody can point a staff member's desk at another page by setting a variable. In
 * development, an address that is not a loopback http URL stops start-up, naming the variable.
 */
export function chooseRendererSource({
  isPackaged,
  env
}: {
  isPackaged: boolean
  env: Readonly<Record<string, string | undefined>>
}): RendererSource {
  const bundle: RendererSource = { kind: 'bundle', url: APP_ENTRY_URL, origin: APP_ORIGIN }
  const requested = env.ELECTRON_RENDERER_URL?.trim()
  if (isPackaged || !requested) return bundle
  const parsed = DevServerUrlSchema.safeParse(requested)
  if (!parsed.success) {
    throw new DevServerUrlError(
      `ELECTRON_RENDERER_URL ${parsed.error.issues[0]?.message ?? 'is invalid'} (got "${requested}")`
    )
  }
  return { kind: 'dev-server', url: parsed.data, origin: new URL(parsed.data).origin }
}
