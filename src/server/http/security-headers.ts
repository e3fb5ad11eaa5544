import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * helmet's defaults (nosniff, HSTS, no Referer, …) with the strictest CSP: a JSON API loads
 * nothing, and the policy contains an answer that some client mistakes for a page. Only our two
 * directives (`useDefaults: false`): merged into helmet's page defaults, the policy also allowed
 * fonts and styles from any https origin and inline styles, and sent 250 bytes more with every
 * answer.
 */
const POLICY: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }
  }
}

/**
 * Security headers on every answer, refusals and unknown paths included, and
 * `Cache-Control: no-store` on everything under /v1: those answers carry personal data or
 * session tokens and no cache, shared or private, may keep them (issue 10; ASVS 14.3.2).
 * /health, /openapi.json and the JWKS are public and keep their defaults. Registered before the
 * routes so that its hooks apply to each of them.
 *
 * The headers are helmet's, worked out once here: our policy is fixed (no per-answer nonce), and
 * @fastify/helmet rebuilt helmet's whole configuration on every request, a tenth of a permission
 * check's CPU time (bench/reads.bench.ts).
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  const headers = headersOf(POLICY)
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers)
    done()
  })
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/v1/')) {
      void reply.header('cache-control', 'no-store')
      void reply.header('pragma', 'no-cache')
    }
    return payload
  })
}

/** The headers helmet's middleware sets for `options`, read off a response that only records. */
function headersOf(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value)
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()]
    }
  }
  let finished = false
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error
      finished = true
    }
  )
  // helmet's middlewares are synchronous; one that was not would leave its headers unset here.
  if (!finished || Object.keys(headers).length === 0) {
    throw new Error('helmet did not set its headers synchronously')
  }
  return headers
}
