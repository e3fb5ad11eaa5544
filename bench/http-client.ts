/**
 * The benchmarks' HTTP client: node:http with keep-alive sockets, lighter than fetch (undici),
 * whose allocations would otherwise weigh on a process that also serves the API.
 */
import http from 'node:http'

export interface Answer {
  status: number
  body: string
}

/**
 * One keep-alive agent with a socket per worker: the connections stay open for the whole run.
 * bench/reads.bench.ts uses it in its own process too, for its sign-ins and the timed batches.
 */
export function httpClient(concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const send = (
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {}
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        url,
        { agent, method: init.method ?? 'GET', headers: init.headers },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8')
            })
          )
          response.on('error', reject)
        }
      )
      request.on('error', reject)
      request.end(init.body)
    })
  return { send, close: () => agent.destroy() }
}

export function expectOk(label: string, answer: Answer): void {
  if (answer.status !== 200) {
    throw new Error(`${label}: ${answer.status} ${answer.body.slice(0, 300)}`)
  }
}
