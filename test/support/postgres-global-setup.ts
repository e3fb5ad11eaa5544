import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startThrowawayCluster } from './postgres-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a PostgreSQL server; each test file creates its own database on it. */
    postgresAdminUrl: string
    /**
     * The same server as the API's login role (a member of `consent_app`, no other rights): the
     * API under test connects with it, as it does in production (README, "Two roles").
     */
    postgresAppUrl: string
  }
}

/** The API's login role in tests; roles are per cluster, so it is made once here. */
export const TEST_APP_ROLE = { name: 'consent_api_test', password: 'consent-api-test' } as const

/**
 * Gives the integration-postgres project a PostgreSQL 15: TEST_DATABASE_URL when set (CI or a
 * developer's own server), otherwise a throwaway cluster in a temp dir, stopped and deleted after.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['TEST_DATABASE_URL']
  const cluster = given ? null : await startThrowawayCluster()
  const adminUrl = given ?? cluster!.url
  await createAppLoginRole(adminUrl)
  project.provide('postgresAdminUrl', adminUrl)
  project.provide('postgresAppUrl', appUrlOf(adminUrl))
  return cluster ? cluster.stop : async () => {}
}

function appUrlOf(adminUrl: string): string {
  const url = new URL(adminUrl)
  url.username = TEST_APP_ROLE.name
  url.password = TEST_APP_ROLE.password
  return url.toString()
}

/**
 * `consent_app` itself is normally created by migration 006 in the first database migrated; it
 * is created here first (same statement) so that the login role can be a member of it.
 */
async function createAppLoginRole(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = 'consent_app') then
          create role consent_app nologin;
        end if;
        if not exists (select 1 from pg_roles where rolname = '${TEST_APP_ROLE.name}') then
          create role ${TEST_APP_ROLE.name} login password '${TEST_APP_ROLE.password}'
            in role consent_app;
        end if;
      end
      $$`)
  } finally {
    await client.end()
  }
}
