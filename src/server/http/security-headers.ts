import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * Security headers on every answer (@fastify/helmet's defaults: nosniff, frame-ancestors none,
 * HSTS, a default-src 'self' CSP, no Referer, …), and `Cache-Control: no-store` on everything
 * under /v1: those answers carry personal data or session tokens and no cache, shared or private,
 * may keep them (issue 10; ASVS 14.3.2). /health, /openapi.json and the JWKS are public and keep
 * their defaults. Registered before the routes so that its hooks apply to each of them.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    // A JSON API loads nothing; the strictest policy costs nothing and contains an answer that
    // some client mistakes for a page.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }
  })
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/v1/')) {
      void reply.header('cache-control', 'no-store')
      void reply.header('pragma', 'no-cache')
    }
    return payload
  })
}
