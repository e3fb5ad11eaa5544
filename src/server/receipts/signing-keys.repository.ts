import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database'
import type { PublicJwk, PublicSigningKey } from './signing-keys'

/**
 * Every public key receipts were ever signed with. Registering is idempotent (a kid is its key's
 * thumbprint, so a kid already there is the same key); only `retired_at` is ever filled in later,
 * when a keyset says the key was retired. Keys are never deleted.
 */
export async function registerPublicKeys(
  db: Kysely<Database>,
  keys: readonly PublicSigningKey[]
): Promise<void> {
  if (keys.length === 0) return
  const rows = keys.map((key) => ({
    kid: key.kid,
    public_jwk: key.jwk,
    created_at: key.createdAt.toISOString(),
    retired_at: key.retiredAt?.toISOString() ?? null
  }))
  await sql`insert into receipt_signing_keys (kid, public_jwk, created_at, retired_at)
    select kid, public_jwk, created_at, retired_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as k(kid text, public_jwk jsonb, created_at timestamptz, retired_at timestamptz)
    on conflict (kid) do update set retired_at = excluded.retired_at
      where receipt_signing_keys.retired_at is null and excluded.retired_at is not null`.execute(db)
}

export interface StoredPublicKey {
  kid: string
  jwk: PublicJwk
}

/** Every registered key, oldest first; or only `kid`'s. */
export async function listPublicKeys(
  db: Kysely<Database>,
  kid?: string
): Promise<StoredPublicKey[]> {
  let query = db
    .selectFrom('receipt_signing_keys')
    .select(['kid', 'public_jwk'])
    .orderBy('created_at')
    .orderBy('kid')
  if (kid !== undefined) query = query.where('kid', '=', kid)
  const rows = await query.execute()
  return rows.map((row) => ({ kid: row.kid, jwk: row.public_jwk as PublicJwk }))
}
