import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { z } from 'zod'
import { responsesOf } from '../../shared/api/framework-responses'
import type { Operation } from '../../shared/api/operations'
import type { Staff } from '../../shared/domain/staff'
import { rejectUnsafeText } from './input-rules'
import type { LimiterFor } from './rate-limits'
import { DomainError } from '../domain-error'

/** Who is calling, established by the bearer session before the handler runs. */
export interface AuthContext {
  staff: Staff
  sessionId: string
  /** The password is an admin's one-time password: only a password change is allowed. */
  mustChangePassword?: boolean
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined
type SuccessStatus<O extends Operation> = Extract<keyof O['responses'], 200 | 201 | 204>
type SuccessSchema<O extends Operation> = O['responses'][SuccessStatus<O>]
/**
 * The body of the success answer; `void` for a 204-only operation. An operation that declares a
 * body and 204 (claim-next: a case, or nothing left) returns `undefined` for the 204.
 */
type SuccessBody<O extends Operation> = [Exclude<SuccessSchema<O>, null>] extends [never]
  ? void
  : z.input<Exclude<SuccessSchema<O>, null>> | (null extends SuccessSchema<O> ? undefined : never)

export interface OperationContext<O extends Operation> {
  params: Parsed<O['params']>
  query: Parsed<O['query']>
  body: Parsed<O['body']>
  /** The headers the operation declares, parsed (lower-case names). */
  headers: Parsed<O['headers']>
  auth: O['auth'] extends 'public' ? null : AuthContext
  request: FastifyRequest
  reply: FastifyReply
}

/**
 * Returns the success body; the status (200, 201 or 204) comes from the contract. An operation
 * declaring both a body and 204 answers 204 when the handler returns `undefined`.
 */
export type OperationHandler<O extends Operation> = (
  context: OperationContext<O>
) => Promise<SuccessBody<O>>

export type RegisterOperation = <O extends Operation>(
  operation: O,
  handler: OperationHandler<O>
) => void

/** Checks the session and roles; throws `unauthenticated` or `forbidden`. */
export type Authenticate = (
  request: FastifyRequest,
  roles: Operation['auth']
) => Promise<AuthContext | null>

/**
 * A session signed in with an admin's one-time password may only change it (or sign out): the
 * person who set it knows it, so until it is changed the session is not the person's own.
 */
function refuseUntilPasswordChanged(operation: Operation, auth: AuthContext | null): void {
  if (auth?.mustChangePassword && !operation.allowedBeforePasswordChange) {
    throw new DomainError(
      'password_change_required',
      'Change your one-time password before doing anything else'
    )
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null
  }
}

/**
 * Runs after the handler and before the answer is sent, for operations that declare `accessLog`
 * (the access log's recorder). If it throws, the request fails and the answer is never sent.
 */
export type BeforeReply = (
  operation: Operation,
  context: { params: unknown; body: unknown; auth: AuthContext | null; request: FastifyRequest },
  result: unknown
) => Promise<void>

/**
 * Routes come from the shared contract: method, path, schemas and roles are read from the
 * operation, so a route cannot disagree with the OpenAPI document or main's API client.
 */
export function createOperationRegistrar(
  app: FastifyInstance,
  authenticate: Authenticate,
  /** The rate limiter an operation runs after authentication (http/rate-limits.ts), if any. */
  limiterFor: LimiterFor = () => undefined,
  beforeReply?: BeforeReply
): RegisterOperation {
  app.decorateRequest('auth', null)

  return (operation, handler) => {
    const successStatus = Object.keys(operation.responses)
      .map(Number)
      .filter((status) => status >= 200 && status < 300)
      .sort((a, b) => a - b)[0]
    if (successStatus === undefined) throw new Error(`${operation.path} declares no 2xx response`)

    const response: Record<number, z.ZodType> = {}
    for (const [status, schema] of Object.entries(responsesOf(operation))) {
      if (schema) response[Number(status)] = schema
    }

    const route: RouteOptions = {
      method: operation.method,
      url: operation.path,
      schema: {
        ...(operation.params ? { params: operation.params } : {}),
        ...(operation.query ? { querystring: operation.query } : {}),
        ...(operation.body ? { body: operation.body } : {}),
        // Loose: the schema names the headers the operation reads; every other header (the
        // bearer token above all) must survive validation untouched.
        ...(operation.headers ? { headers: operation.headers.loose() } : {}),
        response
      },
      // Before the schemas: a NUL or an unpaired surrogate is refused whatever the field's type.
      preValidation: rejectUnsafeText(Object.keys(operation.headers?.shape ?? {})),
      handler: async (request, reply) => {
        const result = await handler({
          params: request.params,
          query: request.query,
          body: request.body,
          // Already checked against operation.headers by the (loose) schema above.
          headers: operation.headers ? request.headers : undefined,
          auth: request.auth,
          request,
          reply
        } as OperationContext<typeof operation>)
        // Fail closed: the data leaves only once its access-log rows are written.
        if (operation.accessLog !== undefined && beforeReply) {
          await beforeReply(
            operation,
            { params: request.params, body: request.body, auth: request.auth, request },
            result
          )
        }
        if (successStatus === 204 || (result === undefined && 204 in operation.responses)) {
          return reply.code(204).send()
        }
        return reply.code(successStatus).send(result)
      }
    }
    // onRequest runs before the body is read: no session, no parsing of what it sent.
    if (operation.auth !== 'public') {
      const roles = operation.auth
      route.onRequest = async (request) => {
        request.auth = await authenticate(request, roles)
        refuseUntilPasswordChanged(operation, request.auth)
      }
    }
    const limiter = limiterFor(operation)
    if (limiter) route.preHandler = limiter
    app.route(route)
  }
}
