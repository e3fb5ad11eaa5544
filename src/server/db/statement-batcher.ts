/**
 * Many requests' work in one statement: the queue under both the coalesced reads
 * (coalesced-lookup.ts) and the access log's group commit (access-log/access-log.recorder.ts).
 * Under load every request's round trip to PostgreSQL, not the statement, is what costs
 * (bench/reads.bench.ts: on 2 cores one more round trip per request took a bare route from 0.6× to
 * 0.44× of its speed), so the work of requests that arrive together goes together.
 *
 * - **When a statement starts:** once the event loop has finished its turn (setImmediate), with
 *   the items of every request handled in that turn, where starting at once sent the first of
 *   them alone and the rest one round trip later. Lookups by personal code saturated on 16
 *   connections (bench:reads' load, lookups alone): 3.4 keys a statement became 4.2, 3.7
 *   access-log rows an INSERT 4.9, the API's CPU per lookup 305–353 → 245–277 µs. An idle API
 *   waits for nothing: the turn ends as soon as the request that asked is handled.
 * - **Meanwhile:** items that arrive while a statement is in flight wait for it and then go
 *   together in the next one. One statement at a time: two or three in flight made the batches
 *   smaller and the lookups slower (1,740 → 1,300 → 1,050/s).
 * - **How big:** items are taken oldest first until their `weight` passes `maxWeight` (always at
 *   least one).
 * - **The same key:** with `keyOf`, items waiting with equal keys take one place and share its
 *   answer. Never one from a statement that started before the item was asked for: a session
 *   revoked before a request arrives is never let in by an earlier lookup.
 * - **Failure:** if a shared statement fails, its items run again one by one, so one bad item
 *   fails only its own callers.
 */
export interface StatementBatcherOptions<T, R> {
  /** One statement for the items; its answers in the same order. */
  run: (items: readonly T[]) => Promise<readonly R[]>
  /** How much of a statement an item takes (default 1). */
  weight?: (item: T) => number
  maxWeight: number
  keyOf?: (item: T) => string
}

export function createStatementBatcher<T, R>({
  run,
  weight = () => 1,
  maxWeight,
  keyOf
}: StatementBatcherOptions<T, R>): (item: T) => Promise<R> {
  interface Place {
    item: T
    callers: Array<{ resolve: (answer: R) => void; reject: (error: unknown) => void }>
  }
  // Insertion-ordered: the oldest items go first. Without keyOf every item has a place of its own.
  const waiting = new Map<unknown, Place>()
  /** A statement is in flight, or about to start at the end of this turn. */
  let running = false

  const settle = (place: Place, outcome: { answer: R } | { error: unknown }): void => {
    for (const caller of place.callers) {
      if ('error' in outcome) caller.reject(outcome.error)
      else caller.resolve(outcome.answer)
    }
  }

  const takeBatch = (): Place[] => {
    const batch: Place[] = []
    let taken = 0
    for (const [key, place] of waiting) {
      taken += weight(place.item)
      if (batch.length > 0 && taken > maxWeight) break
      batch.push(place)
      waiting.delete(key)
    }
    return batch
  }

  const runAlone = async (place: Place): Promise<void> => {
    await run([place.item]).then(
      (answers) => settle(place, { answer: answers[0]! }),
      (error: unknown) => settle(place, { error })
    )
  }

  const drain = async (): Promise<void> => {
    try {
      while (waiting.size > 0) {
        const batch = takeBatch()
        let answers: readonly R[]
        try {
          answers = await run(batch.map((place) => place.item))
        } catch (error) {
          if (batch.length === 1) settle(batch[0]!, { error })
          else for (const place of batch) await runAlone(place)
          continue
        }
        batch.forEach((place, i) => settle(place, { answer: answers[i]! }))
      }
    } finally {
      running = false
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      const key = keyOf ? keyOf(item) : Symbol()
      const place = waiting.get(key)
      if (place) place.callers.push({ resolve, reject })
      else waiting.set(key, { item, callers: [{ resolve, reject }] })
      if (running) return
      running = true
      setImmediate(() => void drain())
    })
}
