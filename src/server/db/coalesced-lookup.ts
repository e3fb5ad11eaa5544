/**
 * Concurrent lookups of the same kind share one query: the read-side twin of the access log's
 * group commit (access-log.recorder.ts). Under load every request's round trip to PostgreSQL, not
 * the query, is what costs (bench/reads.bench.ts: on 2 cores one more round trip per request took
 * a bare route from 0.6× to 0.44× of its speed), so requests that arrive together are answered
 * together.
 *
 * A fetch starts once the event loop has finished its turn (setImmediate): the keys of all the
 * requests whose bytes arrived together go in it, where starting at once sent the first of them
 * alone and the rest one round trip later. Lookups by personal code saturated on 16 connections
 * (bench:reads' load, lookups alone): 3.4 keys a fetch became 4.2, 3.7 access-log rows an INSERT
 * 4.9, the API's CPU per lookup 305-353 -> 245-277 µs. An idle API waits for nothing: the turn
 * ends as soon as the request that asked is handled. Keys asked for while a fetch is in flight
 * wait for it and then go together, deduplicated, in the next one.
 * No answer is older than its question: a caller never joins a fetch that started before it
 * asked, so a session revoked before a request arrives is never let in by an earlier lookup.
 *
 * If a shared fetch fails, its keys are fetched again one by one, so one bad key fails only its
 * own callers.
 */
export function createCoalescedLookup<V>(
  fetch: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
  options: { maxKeys?: number } = {}
): (key: string) => Promise<V | undefined> {
  const maxKeys = options.maxKeys ?? 500
  interface Caller {
    resolve: (value: V | undefined) => void
    reject: (error: unknown) => void
  }
  // Insertion-ordered: the oldest questions go first.
  let waiting = new Map<string, Caller[]>()
  /** A fetch is in flight, or about to start at the end of this turn. */
  let fetching = false

  const answer = (
    callers: readonly Caller[],
    outcome: { value: V | undefined } | { error: unknown }
  ) => {
    for (const caller of callers) {
      if ('error' in outcome) caller.reject(outcome.error)
      else caller.resolve(outcome.value)
    }
  }

  const takeBatch = (): Map<string, Caller[]> => {
    if (waiting.size <= maxKeys) {
      const batch = waiting
      waiting = new Map()
      return batch
    }
    const batch = new Map<string, Caller[]>()
    for (const [key, callers] of waiting) {
      if (batch.size === maxKeys) break
      batch.set(key, callers)
      waiting.delete(key)
    }
    return batch
  }

  const drain = async (): Promise<void> => {
    try {
      while (waiting.size > 0) {
        const batch = takeBatch()
        const keys = [...batch.keys()]
        try {
          const found = await fetch(keys)
          for (const [key, callers] of batch) answer(callers, { value: found.get(key) })
        } catch (error) {
          if (keys.length === 1) {
            answer(batch.get(keys[0]!)!, { error })
            continue
          }
          for (const [key, callers] of batch) {
            await fetch([key]).then(
              (own) => answer(callers, { value: own.get(key) }),
              (own: unknown) => answer(callers, { error: own })
            )
          }
        }
      }
    } finally {
      fetching = false
    }
  }

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const callers = waiting.get(key)
      if (callers) callers.push({ resolve, reject })
      else waiting.set(key, [{ resolve, reject }])
      if (fetching) return
      fetching = true
      setImmediate(() => void drain())
    })
}
