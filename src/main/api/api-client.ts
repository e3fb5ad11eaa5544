/**
 * @file main's HTTP client for the consent API, typed from `src/shared/api/operations.ts`.
 * It adds the bearer token (held by the session store, never by the renderer), parses every answer
 * with the contract's schema, and turns every failure into a `BridgeError` whose code the UI can
 * switch on. Axios errors are never rethrown: their config carries the Authorization header.
 */
import { randomUUID } from 'node:crypto'
import axios from 'axios'
import type { AxiosInstance, AxiosResponse } from 'axios'
import { z } from 'zod'
import { ApiErrorSchema } from '../../shared/api/errors'
import { operations } from '../../shared/api/operations'
import type {
  Operation,
  OperationName,
  OperationRequest,
  OperationResult,
  Operations
} from '../../shared/api/operations'
import { ConsentStateSchema, CurrentNoticeSchema } from '../../shared/domain/consent'
import type { IpcError } from '../../shared/ipc/result'
import { BRIDGE_ERROR_CODES } from '../../shared/ipc/result'
import { BridgeError } from '../../shared/ipc/result'
import type { Logger } from '../ports'

/** Where the client gets the token, and whom it tells when the API rejects it. */
export interface TokenSource {
  token(): string | undefined
  /**
   * Called when the API answered 401 to a call that carried a token, with the answer's code
   * (`session_idle` for a session unused too long, `unauthenticated` otherwise).
   */
  rejected(code: string | undefined): void
}

export interface ApiClientOptions {
  /**
   * The API's address, or a promise of it: the embedded API is started while the window shows
   * the sign-in screen, and calls made before it listens wait for it (`ApiClient.ready`).
   */
  baseUrl: string | Promise<string>
  tokens: TokenSource
  logger: Logger
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number
  /** Extra attempts for idempotent GETs after a connection failure or a 502/503/504. Default 2. */
  retries?: number
  /** Pause before retry n is `retryDelayMs * n` milliseconds. Default 200. */
  retryDelayMs?: number
}

export interface CallOptions {
  timeoutMs?: number
  retries?: number
  /** Aborts the request (and any retry); the call then fails with `superseded`. */
  signal?: AbortSignal
}

/** An operation's request, plus the request headers it declares (lower-case names). */
export type ApiRequest<N extends OperationName> = OperationRequest<N> &
  (Operations[N] extends { headers: infer H extends z.ZodType }
    ? { headers?: z.input<H> }
    : unknown)

export interface ApiClient {
  /**
   * The API's address once it can be called: at once for a configured one; for the embedded
   * API, when PGlite has migrated and Fastify listens. Rejects with a `BridgeError`
   * (`api_start_failed`, naming the cause) when it could not start; every call then fails so.
   */
  readonly ready: Promise<string>
  call<N extends OperationName>(
    name: N,
    request: ApiRequest<N>,
    options?: CallOptions
  ): Promise<OperationResult<N>>
}

// Codes for answers whose body is not an API error (a proxy's HTML page, say).
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  423: 'account_locked',
  429: 'rate_limited',
  503: 'unavailable'
}
const RETRYABLE_STATUS = new Set([502, 503, 504])
// Connection-level failures where the request certainly did not run. A timeout is not here:
// the request may have run, and waiting another 10 s rarely helps a person at a counter.
const RETRYABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN'])

function isLoopback(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]'
}

function fieldsOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message
  }))
}

/** Parses one part of the request with its contract schema, so nothing malformed is sent. */
function parsePart(schema: z.ZodType | undefined, value: unknown, part: string): unknown {
  if (!schema) return undefined
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw new BridgeError({
      code: 'validation_failed',
      message: `Invalid request ${part}`,
      fields: fieldsOf(parsed.error)
    })
  }
  return parsed.data
}

function buildPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, key: string) => {
    const value = params?.[key]
    if (value === undefined) throw new Error(`Missing path parameter ${key}`)
    return encodeURIComponent(String(value))
  })
}

/**
 * The recovery data an error answer carries, if any: a 412's current consent state, a 409
 * `notice_outdated`'s currently published notice versions, a 423's unlock time.
 */
const ErrorDetailsSchema = z.object({
  state: ConsentStateSchema.optional().catch(undefined),
  current: z.array(CurrentNoticeSchema).optional().catch(undefined),
  lockedUntil: z.iso.datetime().optional().catch(undefined)
})

/** What an error body carries beside `{ code, message }` that the desk needs to recover. */
function detailsOf(data: unknown): IpcError['details'] {
  const parsed = ErrorDetailsSchema.safeParse(data)
  if (!parsed.success) return undefined
  const { state, current, lockedUntil } = parsed.data
  if (state === undefined && current === undefined && lockedUntil === undefined) return undefined
  return {
    ...(state ? { state } : {}),
    ...(current ? { current } : {}),
    ...(lockedUntil ? { lockedUntil } : {})
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** What a call made while the API is starting meets when it could not start. */
function startFailure(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  const cause = error instanceof Error ? error.message : String(error)
  return new BridgeError({
    code: BRIDGE_ERROR_CODES.apiStartFailed,
    message: `The consent service could not start: ${cause}`
  })
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { tokens, logger } = options
  const ready = Promise.resolve(options.baseUrl).then(
    (baseUrl) => baseUrl,
    (error: unknown) => {
      throw startFailure(error)
    }
  )
  // Nobody may be waiting yet; a failure is still every later call's answer.
  ready.catch(() => undefined)
  const httpReady: Promise<AxiosInstance> = ready.then((baseUrl) =>
    axios.create({
      baseURL: baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 10_000,
      headers: { Accept: 'application/json' },
      // Every status is an answer to interpret here; only transport failures throw.
      validateStatus: () => true,
      maxRedirects: 0,
      // A proxy from the environment must not sit between main and its own embedded API.
      ...(isLoopback(baseUrl) ? { proxy: false as const } : {})
    })
  )
  httpReady.catch(() => undefined)

  async function send(
    operation: Operation,
    request: { params?: unknown; query?: unknown; body?: unknown; headers?: unknown },
    token: string | undefined,
    callOptions: CallOptions | undefined
  ): Promise<AxiosResponse> {
    const params = parsePart(operation.params, request.params, 'parameters')
    const query = parsePart(operation.query, request.query, 'query')
    const body = parsePart(operation.body, request.body, 'body')
    const declared = (parsePart(operation.headers, request.headers ?? {}, 'headers') ??
      {}) as Record<string, string | undefined>
    // axios would label an empty POST as a form, which the API rightly refuses (415).
    const headers: Record<string, string | false> = {
      'Content-Type': body === undefined ? false : 'application/json'
    }
    for (const [name, value] of Object.entries(declared)) {
      if (value !== undefined) headers[name.toLowerCase()] = value
    }
    if (token) headers.Authorization = `Bearer ${token}`
    // The caller's own key wins: it names one logical write across the caller's retries.
    if (
      operation.method !== 'GET' &&
      !operation.tags.includes('auth') &&
      headers['idempotency-key'] === undefined
    ) {
      // One key per logical write: a replay after a lost answer is recognised by the API.
      headers['Idempotency-Key'] = randomUUID()
    }
    const url = buildPath(operation.path, params as Record<string, unknown> | undefined)
    const attempts =
      1 + (operation.method === 'GET' ? (callOptions?.retries ?? options.retries ?? 2) : 0)
    const retryDelayMs = options.retryDelayMs ?? 200
    // Before the (embedded) API listens, wait for it; the request's own timeout starts after.
    const http = await httpReady

    for (let attempt = 1; ; attempt++) {
      try {
        const response = await http.request({
          method: operation.method,
          url,
          params: query,
          data: body,
          headers,
          ...(callOptions?.timeoutMs ? { timeout: callOptions.timeoutMs } : {}),
          ...(callOptions?.signal ? { signal: callOptions.signal } : {})
        })
        if (attempt < attempts && RETRYABLE_STATUS.has(response.status)) {
          await sleep(retryDelayMs * attempt)
          continue
        }
        return response
      } catch (error) {
        if (axios.isCancel(error) || callOptions?.signal?.aborted) {
          throw new BridgeError({
            code: BRIDGE_ERROR_CODES.superseded,
            message: 'Replaced by a newer request'
          })
        }
        const code = axios.isAxiosError(error) ? error.code : undefined
        if (attempt < attempts && code && RETRYABLE_NETWORK_CODES.has(code)) {
          await sleep(retryDelayMs * attempt)
          continue
        }
        if (axios.isAxiosError(error) && !error.response) {
          logger.warn('Consent API unreachable', { code: code ?? 'unknown', path: operation.path })
          throw new BridgeError({
            code: BRIDGE_ERROR_CODES.apiUnreachable,
            message: 'The consent service cannot be reached'
          })
        }
        throw error
      }
    }
  }

  return {
    ready,
    async call(name, request, callOptions) {
      const operation: Operation = operations[name]
      const token = operation.auth === 'public' ? undefined : tokens.token()
      const response = await send(
        operation,
        request as { params?: unknown; query?: unknown; body?: unknown; headers?: unknown },
        token,
        callOptions
      )
      const { status } = response
      const schema = operation.responses[status]

      if (status >= 200 && status < 300 && schema !== undefined) {
        if (schema === null) return undefined as OperationResult<typeof name>
        const parsed = schema.safeParse(response.data)
        if (parsed.success) return parsed.data as OperationResult<typeof name>
        logger.error('Consent API answer breaks the contract', {
          operation: name,
          status,
          issues: fieldsOf(parsed.error).map((field) => `${field.path}: ${field.message}`)
        })
        throw new BridgeError({
          code: BRIDGE_ERROR_CODES.internal,
          message: 'The consent service gave an unexpected answer',
          status
        })
      }

      const body = ApiErrorSchema.safeParse(response.data)
      if (status === 401 && token) tokens.rejected(body.success ? body.data.code : undefined)
      if (body.success) {
        const details = detailsOf(response.data)
        throw new BridgeError({
          code: body.data.code,
          message: body.data.message,
          status,
          ...(body.data.fields ? { fields: body.data.fields } : {}),
          ...(details ? { details } : {})
        })
      }
      if (status >= 500) logger.warn('Consent API failed', { operation: name, status })
      throw new BridgeError({
        code: CODE_BY_STATUS[status] ?? BRIDGE_ERROR_CODES.internal,
        message: status >= 500 ? 'The consent service failed' : `Unexpected answer ${status}`,
        status
      })
    }
  }
}
