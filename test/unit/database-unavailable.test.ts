import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable } from '../../src/server/db/database-unavailable'

function errorWith(fields: Record<string, unknown>, message = 'failed'): Error {
  return Object.assign(new Error(message), fields)
}

// The one decision behind every 503 database_unavailable: a database that is away, not a request
// or a query that is wrong.
describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', errorWith({ code: 'ECONNREFUSED' })],
    ['a reset connection', errorWith({ code: 'ECONNRESET' })],
    ['an administrator or restart ending the backend (57P01)', errorWith({ code: '57P01' })],
    ['a crashed server (57P02)', errorWith({ code: '57P02' })],
    ['a server still starting up (57P03)', errorWith({ code: '57P03' })],
    ['a connection exception (08006)', errorWith({ code: '08006' })],
    ['too many connections (53300)', errorWith({ code: '53300' })],
    ['a connection dying under a query', new Error('Connection terminated unexpectedly')],
    ['pg-pool waiting too long', new Error('timeout exceeded when trying to connect')],
    [
      'every address refusing (AggregateError)',
      new AggregateError([errorWith({ code: 'ECONNREFUSED' })], 'connect failed')
    ],
    ['a wrapped cause', new Error('query failed', { cause: errorWith({ code: 'ECONNRESET' }) })]
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it.each([
    ['a unique violation', errorWith({ code: '23505' })],
    ['a permission refusal', errorWith({ code: '42501' })],
    ['a syntax error', errorWith({ code: '42601' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['no error at all', undefined],
    ['a string', 'ECONNREFUSED']
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false)
  })
})
