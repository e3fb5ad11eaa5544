import { z } from 'zod'
import { DATABASE_UNAVAILABLE_STATUS } from '../../shared/api/declared-responses'
import { responsesOf } from '../../shared/api/framework-responses'
import { operations, type Operation } from '../../shared/api/operations'

type JsonSchema = Record<string, unknown>

const STATUS_DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'Invalid request',
  401: 'No valid session',
  403: 'Role not allowed',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed (stale version)',
  413: 'Request body too large',
  414: 'URL or path parameter too long',
  415: 'Body not application/json in UTF-8',
  422: 'Idempotency key reused with another request',
  423: 'Account locked',
  428: 'Precondition required',
  503: 'Unavailable (`database_unavailable`: the database is unreachable; retry after Retry-After)'
}

const RETRY_AFTER_HEADER: JsonSchema = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 0 }
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema
  // OpenAPI 3.1 schemas inherit the document's dialect; a per-schema $schema is noise.
  delete json['$schema']
  return json
}

function parametersOf(
  schema: z.ZodObject | undefined,
  location: 'path' | 'query' | 'header'
): JsonSchema[] {
  if (!schema) return []
  const json = toJsonSchema(schema, 'input')
  const properties = (json['properties'] ?? {}) as Record<string, JsonSchema>
  const required = new Set((json['required'] ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    // z.toJSONSchema leaves out the default of a preprocessed field (queryInteger); the shape has it.
    schema: withDefault(property, schema.shape[name])
  }))
}

function withDefault(property: JsonSchema, field: unknown): JsonSchema {
  if (!(field instanceof z.ZodDefault) || 'default' in property) return property
  return { default: field.def.defaultValue, ...property }
}

function operationObject(name: string, operation: Operation): JsonSchema {
  const responses: Record<string, JsonSchema> = {}
  for (const [status, schema] of Object.entries(responsesOf(operation))) {
    const description = STATUS_DESCRIPTIONS[Number(status)] ?? 'Response'
    responses[status] = schema
      ? { description, content: { 'application/json': { schema: toJsonSchema(schema, 'output') } } }
      : { description }
    if (Number(status) === DATABASE_UNAVAILABLE_STATUS) {
      responses[status] = { ...responses[status], headers: { 'Retry-After': RETRY_AFTER_HEADER } }
    }
  }
  const isPublic = operation.auth === 'public'
  return {
    operationId: name,
    summary: operation.summary,
    tags: [...operation.tags],
    security: isPublic ? [] : [{ bearer: [] }],
    ...(isPublic ? {} : { 'x-roles': [...operation.auth] }),
    parameters: [
      ...parametersOf(operation.params, 'path'),
      ...parametersOf(operation.query, 'query'),
      ...parametersOf(operation.headers, 'header')
    ],
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toJsonSchema(operation.body, 'input') } }
          }
        }
      : {}),
    responses
  }
}

/** The OpenAPI 3.1 document, generated from the same contract the routes are registered from. */
export function buildOpenApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const [name, operation] of Object.entries(operations) as Array<[string, Operation]>) {
    const path = operation.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][operation.method.toLowerCase()] = operationObject(name, operation)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Consent Desk consent API',
      version,
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      description:
        'Central consent API of Consent Desk. Every error body is `{ code, message }` (plus ' +
        '`fields` for validation errors). `x-roles` lists the staff roles an operation admits. ' +
        'Bodies are `application/json` in UTF-8; no text may hold a NUL character or an ' +
        'unpaired surrogate; integers in a URL are plain decimal digits. Only the methods ' +
        'listed here are served (no HEAD). A request the HTTP parser cannot read is answered ' +
        'before any operation: 400 `validation_failed`, 408 `request_timeout` or 431 ' +
        '`headers_too_large`.'
    },
    servers: [
      {
        url: 'http://127.0.0.1:{port}',
        description:
          'The API on this computer (demo and embedded mode); a deployment is reached at the ' +
          'https:// address the desk is configured with',
        variables: { port: { default: '8080' } }
      }
    ],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Session token from /v1/auth/login' }
      }
    },
    paths
  }
}
