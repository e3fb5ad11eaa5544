import { resolveKeyset, type KeysetSource } from '../src/server/receipts/keyset-source'
import { generateKeyset, type Keyset } from '../src/server/receipts/signing-keys'

/** The configured receipt signing keyset, or a throwaway one for a benchmark's own database. */
export async function benchKeyset(source: KeysetSource): Promise<Keyset> {
  return source.kind === 'none'
    ? generateKeyset(new Date())
    : resolveKeyset(source, { database: 'postgres' })
}
