/**
 * Origins of the URLs the shell trusts, compared as parsed values, never with `startsWith`
 * (`https://example.com.attacker.com` starts with `https://example.com`).
 */

/** The schemes a trusted page can have: the bundle's `app:` and a development server's http(s). */
const ORIGIN_SCHEMES: ReadonlySet<string> = new Set(['app:', 'http:', 'https:'])

/** `new URL(url)`, or undefined for anything that is not an absolute URL string. */
export function parseUrl(url: unknown): URL | undefined {
  if (typeof url !== 'string' || url === '') return undefined
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/**
 * `scheme://host[:port]` of `url`, or undefined when it has no such origin (about:, data:,
 * javascript:, file:) or carries a user name or password. Node's `URL.origin` is "null" for a
 * scheme it does not know, such as `app:`; Chromium knows it because main registers it as
 * standard, so the origin is computed here the way Chromium does.
 */
export function originOf(url: unknown): string | undefined {
  const parsed = parseUrl(url)
  if (!parsed || !ORIGIN_SCHEMES.has(parsed.protocol)) return undefined
  if (parsed.host === '' || parsed.username !== '' || parsed.password !== '') return undefined
  return `${parsed.protocol}//${parsed.host}`
}

/** Whether `url` belongs to `trustedOrigin` (as returned by `originOf`). */
export function isSameOrigin(url: unknown, trustedOrigin: string): boolean {
  const origin = originOf(url)
  return origin !== undefined && origin === originOf(trustedOrigin)
}
