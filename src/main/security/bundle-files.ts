import fs from 'node:fs'
import { extname, isAbsolute, join, relative, sep } from 'node:path'
import { APP_ORIGIN } from './renderer-source'

/**
 * Which file answers a request on `app://bundle/…` (Electron security checklist item 18). Pure
 * apart from the two file-system questions, which are injectable; the Electron shell
 * (src/main/electron/app-protocol.ts) only reads the chosen file and sends it.
 *
 * Only files inside the renderer output folder (`out/renderer`) are ever served, checked on the
 * real path, so neither `..` (raw or percent-encoded) nor a symbolic link pointing outside can
 * reach the rest of the disk. Anything else, and any file type the bundle does not contain, is a
 * plain 404 that says nothing about what exists.
 */

/** The file types Vite writes into out/renderer. Anything else is not part of the bundle. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

export type BundleFile = { found: true; path: string; contentType: string } | { found: false }

/** The two questions the resolver asks the disk (Electron's fs also answers inside app.asar). */
export interface BundleDisk {
  /** The canonical path, links resolved; rejects when the path does not exist. */
  realpath(path: string): Promise<string>
  isFile(path: string): Promise<boolean>
}

export const nodeBundleDisk: BundleDisk = {
  // Looked up at call time: Electron patches fs so that paths inside app.asar resolve.
  realpath: (path) => fs.promises.realpath(path),
  isFile: async (path) => (await fs.promises.stat(path)).isFile()
}

const NOT_FOUND: BundleFile = { found: false }

/**
 * The path segments a request names inside the bundle, decoded, or undefined when the request
 * is not for the bundle or a segment could step out of it or be read as a drive or a root:
 * `..`, `.`, an empty segment, an encoded slash or backslash, a colon, a NUL.
 */
export function bundleSegments(requestUrl: string): string[] | undefined {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return undefined
  }
  // Chromium hands the handler canonical URLs; anything else is not ours to answer.
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN || url.username || url.password) {
    return undefined
  }
  const pathname = url.pathname === '' || url.pathname === '/' ? '/index.html' : url.pathname
  const segments: string[] = []
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return undefined
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) {
      return undefined
    }
    segments.push(segment)
  }
  return segments
}

/** The content type of a bundle file, or undefined for a type the bundle never contains. */
export function bundleContentType(path: string): string | undefined {
  return CONTENT_TYPES[extname(path).toLowerCase()]
}

/**
 * The file that answers `requestUrl`, found only when it is a regular file whose real path lies
 * inside the real path of `bundleRoot`, with a content type from the list above.
 */
export async function resolveBundleFile(
  requestUrl: string,
  bundleRoot: string,
  disk: BundleDisk = nodeBundleDisk
): Promise<BundleFile> {
  const segments = bundleSegments(requestUrl)
  if (!segments) return NOT_FOUND
  const contentType = bundleContentType(segments[segments.length - 1] ?? '')
  if (!contentType) return NOT_FOUND
  try {
    const root = await disk.realpath(bundleRoot)
    const path = await disk.realpath(join(root, ...segments))
    const inside = relative(root, path)
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      return NOT_FOUND
    }
    // The link target's own extension counts: a link named x.js must not serve a key file.
    if (bundleContentType(path) !== contentType) return NOT_FOUND
    if (!(await disk.isFile(path))) return NOT_FOUND
    return { found: true, path, contentType }
  } catch {
    return NOT_FOUND
  }
}
