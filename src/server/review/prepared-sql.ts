import { CompiledQuery, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/database'

/**
 * SQL put together ONCE, when the module loads, and sent as it is on every call: no query builder
 * to rebuild and no Kysely compilation per request (the review queue's hot paths: claims,
 * renewals, releases, decisions and the case read).
 *
 * A `fragment` is SQL text whose `${…}` are either parameter NAMES (each occurrence becomes its
 * own `$n`, so one name may be cast differently in two places) or other fragments, spliced in.
 * `prepare` numbers the parameters; `run` sends the text with the arguments in that order.
 * Nothing a caller passes ever becomes SQL text: only names and module-level fragments do.
 */

type Db = Kysely<Database> | Transaction<Database>

export interface Fragment<K extends string> {
  /** The text around the parameters: one more than there are names. */
  readonly texts: readonly string[]
  readonly names: readonly K[]
}

export function fragment<K extends string = never>(
  strings: TemplateStringsArray,
  ...parts: ReadonlyArray<K | Fragment<K>>
): Fragment<K> {
  const texts: string[] = [strings[0]!]
  const names: K[] = []
  parts.forEach((part, index) => {
    if (typeof part === 'string') {
      names.push(part)
      texts.push(strings[index + 1]!)
    } else {
      texts[texts.length - 1] += part.texts[0]!
      part.names.forEach((name, at) => {
        names.push(name)
        texts.push(part.texts[at + 1]!)
      })
      texts[texts.length - 1] += strings[index + 1]!
    }
  })
  return { texts, names }
}

/** Plain SQL text with no parameters, made at module load (never from a request). */
export function text(sqlText: string): Fragment<never> {
  return { texts: [sqlText], names: [] }
}

export interface Statement<K extends string> {
  readonly sql: string
  readonly names: readonly K[]
}

export function prepare<K extends string>(body: Fragment<K>): Statement<K> {
  let sqlText = body.texts[0]!
  body.names.forEach((_, index) => {
    sqlText += `$${index + 1}${body.texts[index + 1]!}`
  })
  return { sql: sqlText, names: body.names }
}

/** Runs a prepared statement with its named arguments; the rows. */
export async function run<R, K extends string>(
  db: Db,
  statement: Statement<K>,
  args: Readonly<Record<K, unknown>>
): Promise<R[]> {
  const parameters = statement.names.map((name) => args[name] ?? null)
  const result = await db.executeQuery<R>(CompiledQuery.raw(statement.sql, parameters))
  return result.rows
}
