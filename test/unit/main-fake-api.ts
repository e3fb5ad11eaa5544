import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

type Route = (
  request: RecordedRequest
) => { status: number; body?: unknown; raw?: string } | 'hang' | 'destroy'

/**
 * A real HTTP server on 127.0.0.1:<random> answering from `route`, for the client's error
 * mapping cases the real API cannot be made to produce (a proxy's HTML page, a hang, a reset).
 */
export async function startFakeApi(route: Route): Promise<{
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}> {
  const requests: RecordedRequest[] = []
  const open = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      requests.push(recorded)
      const answer = route(recorded)
      if (answer === 'hang') {
        open.add(res)
        return
      }
      if (answer === 'destroy') {
        req.socket.destroy()
        return
      }
      const text = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body))
      res.writeHead(answer.status, {
        'content-type': answer.raw ? 'text/html' : 'application/json'
      })
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A port nothing listens on: bound, then closed. */
export async function closedPortUrl(): Promise<string> {
  const fake = await startFakeApi(() => ({ status: 200 }))
  await fake.close()
  return fake.url
}
