import { createServer, type Server, type Socket } from 'node:net'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatabase, DEFAULT_CONNECTION_TIMEOUT_MS } from '../../src/server/db/create-database'
import { isDatabaseUnavailable } from '../../src/server/db/database-unavailable'

// A database host that accepts the connection and then says nothing (a failover in progress, a
// half-open network): a request must fail fast as "database unavailable" (503), not hang.
describe('a database that never answers', () => {
  let blackHole: Server
  const sockets: Socket[] = []
  let port: number

  beforeAll(async () => {
    blackHole = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
    port = (blackHole.address() as { port: number }).port
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => blackHole.close(resolve))
  })

  it('gives up on the connection after connectionTimeoutMillis, as database unavailable', async () => {
    const database = await createDatabase({
      kind: 'postgres',
      url: `postgres://nobody@127.0.0.1:${port}/none`,
      connectionTimeoutMillis: 300
    })
    try {
      const started = performance.now()
      const error = await sql`select 1`.execute(database.db).catch((failure: unknown) => failure)
      expect(performance.now() - started).toBeLessThan(2000)
      expect(error).toBeInstanceOf(Error)
      expect(isDatabaseUnavailable(error)).toBe(true)
    } finally {
      await database.close()
    }
  })

  it('waits a few seconds at most by default', () => {
    expect(DEFAULT_CONNECTION_TIMEOUT_MS).toBeGreaterThan(0)
    expect(DEFAULT_CONNECTION_TIMEOUT_MS).toBeLessThanOrEqual(5000)
  })
})
