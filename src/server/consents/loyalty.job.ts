import { sql, type Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { writeToLedger } from './ledger.writer'
import { cellOf, dayOf, loyaltyClock, LOYALTY_YEARS } from '../../shared/domain/consent-rules'

/**
 * Records `expired` (actor: system) for every client whose loyalty is given and whose two years
 * have run out; returns how many. Each client is its own write through the ledger writer.
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
    const outcome = await writeToLedger(db, clock, {
      clientId,
      changes: [{ purpose: 'loyalty', channel: null, action: 'expired' }],
      actor: { kind: 'system' },
      identity: null,
      source: null,
      language: null,
      // Re-checked under the client's lock: a client who signed a new contract (or withdrew)
      // since the candidates were listed keeps their state.
      precondition: (snapshot) => {
        const loyalty = cellOf(snapshot.cells, 'loyalty', null)
        const clockNow = loyaltyClock(snapshot.contracts, today)
        return loyalty.state === 'given' && clockNow && clockNow.daysLeft <= 0 ? 'write' : 'skip'
      }
    })
    if (outcome.kind === 'written') expired += 1
  }
  return expired
}
