import type { Logger } from './ports'

// Keys whose values must never reach a log line, whatever a caller passes by mistake.
const SECRET_KEY = /token|password|authorization|cookie|secret/i

/** Replaces the values of secret-looking keys, at any depth, with '[redacted]'. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1)
    ])
  )
}

type Write = (line: string) => void

/** A JSON-lines logger on stderr; `write` is replaceable so tests can read what was logged. */
export function createLogger(write: Write = (line) => process.stderr.write(`${line}\n`)): Logger {
  const log =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, details?: Record<string, unknown>): void => {
      const entry = { time: new Date().toISOString(), level, scope: 'main', message }
      write(JSON.stringify(details ? { ...entry, ...(redact(details) as object) } : entry))
    }
  return { info: log('info'), warn: log('warn'), error: log('error') }
}

/** A logger that keeps entries in memory, for tests. */
export function createMemoryLogger(): Logger & {
  entries: { level: string; message: string; details?: Record<string, unknown> }[]
} {
  const entries: { level: string; message: string; details?: Record<string, unknown> }[] = []
  const push =
    (level: string) =>
    (message: string, details?: Record<string, unknown>): void => {
      const redacted = details && (redact(details) as Record<string, unknown>)
      entries.push({ level, message, details: redacted })
    }
  return { entries, info: push('info'), warn: push('warn'), error: push('error') }
}
