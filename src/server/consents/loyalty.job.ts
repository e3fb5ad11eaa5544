import { sql, type Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { writeEvents } from './consents.service'
import { lockClientHead, readProjection } from './events.repository'
import { cellOf } from './projection'

/** Purpose 6: accrued loyalty is kept for two years after the end of the last contract. */
export const LOYALTY_YEARS = 2

export interface LoyaltyClock {
  endsOn: string
  daysLeft: number
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10)
}

function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  // 29 February + 2 years is 1 March (Date rolls over), which keeps the promise "two years".
  return dayOf(new Date(Date.UTC(year + years, month - 1, date)))
}

/**
 * The loyalty clock of a client whose contracts are given, or null while it does not run: some
 * contract is not ended (active or suspended: the client is still with LMT), or there is none.
 * `endsOn` is the day the loyalty expires (last contract end + 2 years); `daysLeft` counts to it.
 */
export function loyaltyClock(
  contracts: ReadonlyArray<{ status: string; endDate: string | null }>,
  today: string
): LoyaltyClock | null {
  if (contracts.length === 0) return null
  if (contracts.some((contract) => contract.status !== 'ended')) return null
  const ends = contracts.map((contract) => contract.endDate).filter((end): end is string => !!end)
  if (ends.length === 0) return null
  const lastEnd = ends.sort().at(-1)!
  const endsOn = addYears(lastEnd, LOYALTY_YEARS)
  const daysLeft = Math.round((Date.parse(endsOn) - Date.parse(today)) / 86_400_000)
  return { endsOn, daysLeft: Math.max(0, daysLeft) }
}

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
