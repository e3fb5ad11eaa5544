/**
 * The load for bench/reads.bench.ts, in a process of its own (as wrk or pgbench would be): 16
 * keep-alive connections driving one read back to back. In the API's own process the client's
 * work took the event loop the API serves from, and the bare route's client cost more than its
 * server. Started by the benchmark with `fork`; not run by hand.
 *
 * Protocol (IPC): the parent sends a LoadSetup once, then DriveOrders; each order is answered
 * with a DriveResult when its seconds are up.
 */
import { z } from 'zod'
import { expectOk, httpClient } from './http-client'

export const READS = ['bare', 'code', 'phone', 'card', 'cardInTwo', 'permission'] as const
export type ReadName = (typeof READS)[number]

export const LoadSetupSchema = z.object({
  kind: z.literal('setup'),
  concurrency: z.number().int().min(1),
  apiUrl: z.string(),
  bareUrl: z.string(),
  agentToken: z.string(),
  integrationToken: z.string(),
  ids: z.array(z.string()).min(1),
  codes: z.array(z.string()).min(1),
  phones: z.array(z.string()).min(1)
})
export type LoadSetup = z.infer<typeof LoadSetupSchema>

export const DriveOrderSchema = z.object({
  kind: z.literal('drive'),
  read: z.enum(READS),
  seconds: z.number().positive(),
  /** Whether to send back each unit's time (the measured slices; not the warm-up). */
  timed: z.boolean()
})
export type DriveOrder = z.infer<typeof DriveOrderSchema>

export const DriveResultSchema = z.union([
  z.object({
    kind: z.literal('result'),
    count: z.number(),
    elapsed: z.number(),
    /** The load process's own CPU time (user + system) while it drove, in microseconds. */
    cpuMicros: z.number(),
    timings: z.array(z.number())
  }),
  z.object({ kind: z.literal('failed'), message: z.string() })
])
export type DriveResult = z.infer<typeof DriveResultSchema>

const PURPOSES = ['usage_metadata', 'automated_profiling', 'research_metadata', 'offers'] as const

/**
 * One unit of each read. A card is one request, as the desk asks it (GET /v1/clients/:id/card);
 * `cardInTwo` is the same card from the client's and the consents' own routes, sent together.
 */
function readsOf(setup: LoadSetup): Record<ReadName, (turn: number) => Promise<void>> {
  const { send } = httpClient(setup.concurrency)
  const { apiUrl, ids, codes, phones } = setup
  const agent = { authorization: `Bearer ${setup.agentToken}` }
  const integration = { authorization: `Bearer ${setup.integrationToken}` }
  return {
    bare: async () => expectOk('bare', await send(`${setup.bareUrl}/bare`)),
    code: async (turn) => {
      const q = encodeURIComponent(codes[turn % codes.length]!)
      expectOk('lookup by code', await send(`${apiUrl}/v1/clients?q=${q}`, { headers: agent }))
    },
    phone: async (turn) => {
      const q = encodeURIComponent(phones[turn % phones.length]!)
      expectOk('lookup by phone', await send(`${apiUrl}/v1/clients?q=${q}`, { headers: agent }))
    },
    card: async (turn) => {
      const id = ids[turn % ids.length]!
      expectOk('card', await send(`${apiUrl}/v1/clients/${id}/card`, { headers: agent }))
    },
    cardInTwo: async (turn) => {
      const id = ids[turn % ids.length]!
      const [identity, consents] = await Promise.all([
        send(`${apiUrl}/v1/clients/${id}`, { headers: agent }),
        send(`${apiUrl}/v1/clients/${id}/consents`, { headers: agent })
      ])
      expectOk('client', identity)
      expectOk('consents', consents)
    },
    permission: async (turn) => {
      const query = new URLSearchParams({
        client: ids[turn % ids.length]!,
        purpose: PURPOSES[turn % PURPOSES.length]!
      })
      expectOk('check', await send(`${apiUrl}/v1/permissions?${query}`, { headers: integration }))
    }
  }
}

/** `concurrency` workers each running `one(i)` back to back for `seconds`. */
async function drive(
  concurrency: number,
  seconds: number,
  one: (turn: number) => Promise<void>,
  timed: boolean
): Promise<DriveResult> {
  let turn = 0
  let count = 0
  const timings: number[] = []
  const cpuAtStart = process.cpuUsage()
  const started = performance.now()
  const until = started + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const begun = performance.now()
        await one(turn++)
        if (timed) timings.push(performance.now() - begun)
        count++
      }
    })
  )
  const elapsed = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuAtStart)
  return { kind: 'result', count, elapsed, cpuMicros: cpu.user + cpu.system, timings }
}

if (process.send) {
  let reads: ReturnType<typeof readsOf> | undefined
  let concurrency = 1
  process.on('message', (message: unknown) => {
    void (async () => {
      const setup = LoadSetupSchema.safeParse(message)
      if (setup.success) {
        reads = readsOf(setup.data)
        concurrency = setup.data.concurrency
        return
      }
      const order = DriveOrderSchema.parse(message)
      if (!reads) throw new Error('drive before setup')
      const result = await drive(concurrency, order.seconds, reads[order.read], order.timed)
      process.send!(result)
    })().catch((error: unknown) => {
      process.send!({ kind: 'failed', message: String(error) } satisfies DriveResult)
    })
  })
}
