import { createStatementBatcher } from './statement-batcher'

/**
 * Concurrent lookups of the same kind share one query (statement-batcher.ts: when it starts, what
 * waits, what a failure fails): the keys asked for together go in one `fetch`, each once, and
 * every caller of a key gets its value, or undefined when the fetch did not find it.
 */
export function createCoalescedLookup<V>(
  fetch: (keys: readonly string[]) => Promise<ReadonlyMap<string, V>>,
  options: { maxKeys?: number } = {}
): (key: string) => Promise<V | undefined> {
  return createStatementBatcher<string, V | undefined>({
    run: async (keys) => {
      const found = await fetch(keys)
      return keys.map((key) => found.get(key))
    },
    maxWeight: options.maxKeys ?? 500,
    keyOf: (key) => key
  })
}
