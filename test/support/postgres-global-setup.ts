import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { createDatabase } from '../../src/server/db/create-database'
import { DATABASE_TEMPLATES, prepareTemplate, type DatabaseTemplate } from './database-templates'
import { startThrowawayCluster } from './postgres-cluster'
import { adminQuery, inDatabase } from './postgres-admin'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a PostgreSQL server; each test file creates its own database on it. */
    postgresAdminUrl: string
    /**
     * The same server as the API's login role (a member of `consent_app`, no other rights): the
     * API under test connects with it, as it does in production (README, "Two roles").
     */
    postgresAppUrl: string
    /** Databases on that server each test database is created from; see database-templates.ts. */
    postgresTemplateDatabases: Record<DatabaseTemplate, string>
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
  const templates = await createTemplateDatabases(adminUrl)
  project.provide('postgresAdminUrl', adminUrl)
  project.provide('postgresAppUrl', appUrlOf(adminUrl))
  project.provide('postgresTemplateDatabases', templates)
  return async () => {
    await dropDatabases(adminUrl, Object.values(templates))
    await cluster?.stop()
  }
}

/**
 * One database per template, prepared once. Random names: both PostgreSQL projects run this
 * setup, on the same server when TEST_DATABASE_URL is given. No connection to a template may stay
 * open, or PostgreSQL refuses to copy it.
 */
async function createTemplateDatabases(
  adminUrl: string
): Promise<Record<DatabaseTemplate, string>> {
  const suffix = randomBytes(4).toString('hex')
  const templates = {} as Record<DatabaseTemplate, string>
  for (const template of DATABASE_TEMPLATES) {
    const name = `template_${template.toLowerCase()}_${suffix}`
    await adminQuery(adminUrl, `create database ${name}`)
    const database = await createDatabase({ kind: 'postgres', url: inDatabase(adminUrl, name) })
    try {
      await prepareTemplate(database.db, template)
    } finally {
      await database.close()
    }
    templates[template] = name
  }
  return templates
}

async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  for (const name of names)
    await adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
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
  await adminQuery(
    adminUrl,
    `
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
      $$`
  )
}
