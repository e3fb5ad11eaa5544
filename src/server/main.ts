import { loadConfig } from './config'
import { startEmbeddedServer } from './embedded'
import { startPostgresServer } from './postgres-server'
import { resolveKeyset } from './receipts/keyset-source'

/**
 * `npm run server`: with DATABASE_URL, the production API on PostgreSQL (never migrated nor
 * seeded: it refuses to start until `npm run migrate` has run); without it, the demo API on
 * PGlite in CONSENT_DATA_DIR, migrated and seeded by itself.
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
    const server = await startPostgresServer({
      databaseUrl: config.databaseUrl,
      signingKeys,
      host: config.host,
      port: config.port,
      logger,
      sessionTtlMinutes: config.sessionTtlMinutes,
      sessionIdleMinutes: config.sessionIdleMinutes,
      rateLimits: config.rateLimits,
      signInLimits: { sourceMaxFailures: config.signInMaxFailuresPerSource },
      reviewLeaseMinutes: config.reviewLeaseMinutes,
      trustedProxies: config.trustedProxies
    })
    console.log(`Consent API (PostgreSQL) listening on ${server.url}`)
    close = server.close
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
