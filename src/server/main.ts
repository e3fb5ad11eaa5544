import { buildApp } from './app'
import { loadConfig } from './config'
import { createDatabase } from './db/create-database'
import { migrateToLatest } from './db/migrate'
import { startEmbeddedServer } from './embedded'
import { resolveKeyset } from './receipts/keyset-source'
import { VERSION } from './version'

/**
 * `npm run server`: with DATABASE_URL, the production API on PostgreSQL (migrated, never seeded);
 * without it, the demo API on PGlite in CONSENT_DATA_DIR, seeded on first start.
 */
async function main(): Promise<void> {
  const config = loadConfig()
  const logger = {
    level: config.logLevel,
    // The session token travels in this header; it must never reach a log line.
    redact: ['req.headers.authorization']
  }

  let close: () => Promise<void>
  if (config.databaseUrl) {
    // Before connecting: without a signing key a server on PostgreSQL does not start.
    const signingKeys = await resolveKeyset(config.receiptSigningKey, { database: 'postgres' })
    const database = await createDatabase({ kind: 'postgres', url: config.databaseUrl })
    await migrateToLatest(database.db)
    const app = await buildApp({
      database,
      version: VERSION,
      signingKeys,
      logger,
      sessionTtlMinutes: config.sessionTtlMinutes,
      sessionIdleMinutes: config.sessionIdleMinutes,
      rateLimits: config.rateLimits,
      signInLimits: { sourceMaxFailures: config.signInMaxFailuresPerSource },
      reviewLeaseMinutes: config.reviewLeaseMinutes
    })
    await app.listen({ host: config.host, port: config.port })
    close = async () => {
      await app.close()
      await database.close()
    }
  } else {
    const server = await startEmbeddedServer({
      ...(config.receiptSigningKey.kind === 'none'
        ? {}
        : {
            signingKeys: await resolveKeyset(config.receiptSigningKey, {
              database: 'pglite',
              dataDir: config.dataDir
            })
          }),
      dataDir: config.dataDir,
      demoPassword: config.demoPassword,
      host: config.host,
      port: config.port,
      logger,
      sessionTtlMinutes: config.sessionTtlMinutes,
      sessionIdleMinutes: config.sessionIdleMinutes,
      rateLimits: config.rateLimits,
      signInLimits: { sourceMaxFailures: config.signInMaxFailuresPerSource },
      reviewLeaseMinutes: config.reviewLeaseMinutes
    })
    console.log(`Consent API (demo, PGlite in ${config.dataDir}) listening on ${server.url}`)
    close = server.close
  }

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: shutting down`)
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      }
    )
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
