import type { Kysely } from 'kysely'
import type { Database } from '../db/database'
import { loadVerificationKeys, type VerificationKeys } from './jws-verification'
import { importKeyset, type Keyset, type ReceiptSigner } from './signing-keys'
import { registerPublicKeys } from './signing-keys.repository'

/** What the API signs receipts and reports with, and verifies them against. */
export interface ReceiptSigning {
  signer: ReceiptSigner
  keys: VerificationKeys
}

/**
 * At start-up: imports the keyset (once: the private key stays a CryptoKey for every write),
 * registers its public keys in the database, and loads every key ever registered for verifying.
 */
export async function prepareReceiptSigning(
  db: Kysely<Database>,
  keyset: Keyset
): Promise<ReceiptSigning> {
  const { signer, publicKeys } = await importKeyset(keyset)
  await registerPublicKeys(db, publicKeys)
  return { signer, keys: await loadVerificationKeys(db) }
}
