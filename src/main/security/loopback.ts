/**
 * The loopback addresses the desktop trusts without TLS: the embedded API and the development
 * server listen on them, and traffic to them never leaves the machine. Only these exact host
 * names count: `127.0.0.1.evil.com` or `localhost.` are somebody else's. `hostname` is a WHATWG
 * URL's, so it is already lower-case, and `http://127.1` or `http://[0:0::1]` arrive normalised.
 */
const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]'])

export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname)
}
