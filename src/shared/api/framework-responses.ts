import { declaredResponses } from './declared-responses'
import type { z } from 'zod'
import { ApiErrorSchema } from './errors'
import type { Operation } from './operations'

/**
 * The answers the HTTP layer gives for an operation before its handler runs, from the shape of
 * the operation alone, each `{ code, message }`:
 *
 * - 414 `uri_too_long` for every operation: a URL over the server's limit, or a path parameter
 *   over Fastify's `maxParamLength`;
 * - 400 `validation_failed` for one with path parameters (malformed percent-encoding) or a query
 *   (malformed percent-encoding, NUL, an unpaired surrogate);
 * - 400, 413 `payload_too_large` and 415 `unsupported_media_type` for a method that carries a
 *   body (malformed JSON or UTF-8, too large, not `application/json` in UTF-8), whether or not
 *   the operation reads one: the body is parsed before the route is known to ignore it.
 *
 * They are declared here once rather than in every operation; `responsesOf` merges them in for
 * the OpenAPI document, the route's serializer and the fuzz test's oracle.
 */
export function frameworkResponsesOf(operation: Operation): Record<number, z.ZodType> {
  const responses: Record<number, z.ZodType> = { 414: ApiErrorSchema }
  if (operation.params || operation.query || operation.headers) responses[400] = ApiErrorSchema
  if (operation.method !== 'GET') {
    responses[400] = ApiErrorSchema
    responses[413] = ApiErrorSchema
    responses[415] = ApiErrorSchema
  }
  return responses
}

/** Every status an operation may answer, with its body schema (`null`: no body). */
export function responsesOf(operation: Operation): Record<number, z.ZodType | null> {
  // The operation's own declaration wins: its 400 may carry more than `{ code, message }`.
  // declaredResponses adds the 503 every operation may answer while the database is away.
  return { ...frameworkResponsesOf(operation), ...declaredResponses(operation) }
}
