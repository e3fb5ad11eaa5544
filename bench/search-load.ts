/**
 * The client for bench/search.bench.ts, in a process of its own as a desk is: it sends the
 * queries one at a time (or `concurrency` at a time) over keep-alive HTTP and times each. In the
 * API's process, fetch's own allocations (a fifth of the process's, and a third of what survived
 * a young-generation collection) lengthened the API's garbage-collection pauses, which a p99 of
 * a few milliseconds shows. Started by the benchmark with `fork`; not run by hand.
 *
 * Protocol (IPC): the parent sends one SearchOrder per pass (the warm-up, then the measured
 * queries) and gets one SearchResult back.
 */
import { z } from 'zod'
import { httpClient } from './http-client'

export const SearchOrderSchema = z.object({
  kind: z.literal('search'),
  apiUrl: z.string(),
  token: z.string(),
  concurrency: z.number().int().min(1),
  queries: z.array(z.string())
})
export type SearchOrder = z.infer<typeof SearchOrderSchema>

const AnswerBodySchema = z.object({
  items: z.array(z.object({ displayName: z.string() })).optional()
})

export const SearchResultSchema = z.union([
  z.object({
    kind: z.literal('result'),
    /** Per query, in the order sent: time to the whole answer, status, and the names found. */
    answers: z.array(
      z.object({ ms: z.number(), status: z.number(), displayNames: z.array(z.string()) })
    ),
    seconds: z.number()
  }),
  z.object({ kind: z.literal('failed'), message: z.string() })
])
export type SearchResult = z.infer<typeof SearchResultSchema>

async function run(order: SearchOrder): Promise<SearchResult> {
  const { send, close } = httpClient(order.concurrency)
  const headers = { authorization: `Bearer ${order.token}` }
  const answers: Array<{ ms: number; status: number; displayNames: string[] }> = []
  let cursor = 0
  const started = performance.now()
  try {
    await Promise.all(
      Array.from({ length: order.concurrency }, async () => {
        while (cursor < order.queries.length) {
          const at = cursor++
          const url = `${order.apiUrl}/v1/clients?${new URLSearchParams({ q: order.queries[at]!, limit: '20' })}`
          const begun = performance.now()
          const answer = await send(url, { headers })
          const ms = performance.now() - begun
          const body = answer.status === 200 ? AnswerBodySchema.parse(JSON.parse(answer.body)) : {}
          answers[at] = {
            ms,
            status: answer.status,
            displayNames: (body.items ?? []).map((item) => item.displayName)
          }
        }
      })
    )
  } finally {
    close()
  }
  return { kind: 'result', answers, seconds: (performance.now() - started) / 1000 }
}

if (process.send) {
  process.on('message', (message: unknown) => {
    void (async () => process.send!(await run(SearchOrderSchema.parse(message))))().catch(
      (error: unknown) => {
        process.send!({ kind: 'failed', message: String(error) } satisfies SearchResult)
      }
    )
  })
}
