import { sql, type Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { writeEvents } from './consents.service'
import { lockClientHead, readProjection } from './events.repository'
import {
  cellOf,
  dayOf,
  loyaltyClock,
  LOYALTY_YEARS
} from '../../shared/domain/consent-rules'

export async function contractsOf(
  db: Kysely<Database>,
  clientId: string
): Promise<Array<{ status: string; endDate: string | null }>> {
  const rows = await db
    .selectFrom('contracts')
    .select(['status', sql<string | null>`end_date::text`.as('end_date')])
    .where('client_id', '=', clientId)
    .execute()
  return rows.map((row) => ({ status: row.status, endDate: row.end_date }))
}

/**
 * Records `expired` (actor: system) for every client whose loyalty is given and whose two years
 * have run out; returns how many. Each client is its own transaction that re-checks under the
 * client's lock, so a client who signed a new contract (or withdrew) meanwhile keeps their state.
 */
export async function expireLoyalty(db: Kysely<Database>, clock: Clock): Promise<number> {
  const today = dayOf(clock.now())
  const candidates = await sql<{ client_id: string }>`
    select p.client_id
    from consent_projection p
    where p.purpose = 'loyalty' and p.channel = '' and p.state = 'given'
      and not exists (select 1 from contracts c
                      where c.client_id = p.client_id and c.status <> 'ended')
      and (select max(c.end_date) from contracts c where c.client_id = p.client_id)
          + make_interval(years => ${LOYALTY_YEARS}) <= ${today}::date`.execute(db)

  let expired = 0
  for (const { client_id: clientId } of candidates.rows) {
    const done = await db.transaction().execute(async (trx) => {
      const head = await lockClientHead(trx, clientId)
      const cells = await readProjection(trx, clientId)
      const loyalty = cellOf(cells, 'loyalty', null)
      const clockNow = loyaltyClock(await contractsOf(trx, clientId), today)
      if (loyalty.state !== 'given' || !clockNow || clockNow.daysLeft > 0) return false
      await writeEvents(trx, {
        clientId,
        head,
        cells,
        changes: [{ purpose: 'loyalty', channel: null, action: 'expired' }],
        now: clock.now(),
        actor: { kind: 'system', id: null },
        centre: null,
        identity: null,
        source: null,
        language: null,
        receiptId: null,
        noticeVersions: new Map([['loyalty', loyalty.noticeVersion ?? 1]])
      })
      return true
    })
    if (done) expired += 1
  }
  return expired
}
