import { defineConfig } from 'vitest/config'

// Five projects: pure/unit code in Node (no database), renderer components in jsdom, and the API
// integration suite twice: once on embedded PGlite and once on a real PostgreSQL (in two
// projects: most files two at a time, the ones listed below one at a time on a cluster of their own)
// (TEST_DATABASE_URL, which test/support/postgres-global-setup.ts starts when it is not given).
// test/integration/embedded/ tests the desktop's own embedded API (always PGlite), so it runs
// in the PGlite project only; test/integration/postgres/ needs a server's separate connections
// (a backend killed mid-write), so it runs in the PostgreSQL project only.
/**
 * PostgreSQL files that must not share their cluster with other files running at once. The feed
 * holds back events newer than the oldest transaction still open, and transaction ids are the
 * cluster's, not one database's: another file's transaction in flight (in its own database)
 * holds a feed test's events back. postgres/ kills backends and starts servers.
 */
const ONE_AT_A_TIME_ON_POSTGRES = [
  'test/integration/postgres/**/*.test.ts',
  'test/integration/consent-feed.test.ts',
  'test/integration/consent-events-centre.test.ts',
  'test/integration/consents-races.test.ts',
  'test/integration/consents-representative.test.ts'
]

export default defineConfig({
  test: {
    // Vitest's default is one worker per core less one: a single worker on these 2-core
    // machines, where the integration files mostly wait on the database. Two keep both busy,
    // in every project: each integration file has a database of its own.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts']
        }
      },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          // Languages and screens are lazy chunks in the app; the tests get them all up front.
          setupFiles: ['test/renderer/support/lazy-chunks-setup.ts'],
          // Whole flows in jsdom (sign in, search, save, the receipt preview) on 2 busy cores.
          testTimeout: 15_000
        }
      },
      {
        test: {
          name: 'integration-pglite',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/postgres/**'],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['test/support/pglite-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000
        }
      },
      {
        test: {
          name: 'integration-postgres',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['test/integration/embedded/**', ...ONE_AT_A_TIME_ON_POSTGRES],
          env: { TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000
        }
      },
      {
        test: {
          name: 'integration-postgres-serial',
          environment: 'node',
          include: ONE_AT_A_TIME_ON_POSTGRES,
          env: { TEST_DB: 'postgres' },
          // A cluster of its own (the global setup starts one per project), and one file at a
          // time: nothing else's transactions hold its feed back.
          globalSetup: ['test/support/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
})
