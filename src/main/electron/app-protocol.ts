import fs from 'node:fs'
import { protocol } from 'electron'
import type { Session } from 'electron'
import { resolveBundleFile } from '../security/bundle-files'
import { APP_SCHEME } from '../security/renderer-source'

/**
 * The page comes from `app://bundle`, not file:// (Electron security checklist item 18): a
 * file:// page may read any file the user can, while this scheme answers only with files of the
 * renderer bundle. It also lets the GrantFileProtocolExtraPrivileges fuse be off
 * (electron-builder.ts).
 *
 * Electron requires this before the app is ready. `standard` gives the scheme real origins (so
 * CSP 'self', relative URLs and the origin checks work), `secure` makes it a secure context, and
 * `supportFetchAPI` lets Chromium fetch the bundle's module scripts from it (same-origin).
 * `corsEnabled` stays off on purpose: it would let other origins read the bundle cross-origin.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/**
 * Answers `app://bundle/…` in `session` from `bundleRoot` (out/renderer). Which file, if any, is
 * decided by `resolveBundleFile`; this only reads it. The CSP travels with every response here:
 * session-wide header hooks do not see responses a protocol handler makes.
 */
export function serveBundle(
  session: Session,
  { bundleRoot, contentSecurityPolicy }: { bundleRoot: string; contentSecurityPolicy: string }
): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file =
      request.method === 'GET'
        ? await resolveBundleFile(request.url, bundleRoot)
        : { found: false as const }
    if (!file.found) {
      return new Response('Not found', {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' }
      })
    }
    // fs looked up at call time: Electron's fs reads inside app.asar.
    const body = await fs.promises.readFile(file.path)
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': file.contentType,
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store'
      }
    })
  })
}
