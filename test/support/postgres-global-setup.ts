import type { TestProject } from 'vitest/node'
import { startThrowawayCluster } from './postgres-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a PostgreSQL server; each test file creates its own database on it. */
    postgresAdminUrl: string
  }
}

/**
 * Gives the integration-postgres project a PostgreSQL 15: TEST_DATABASE_URL when set (CI or a
 * developer's own server), otherwise a throwaway cluster in a temp dir, stopped and deleted after.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['TEST_DATABASE_URL']
  if (given) {
    project.provide('postgresAdminUrl', given)
    return async () => {}
  }

  const cluster = await startThrowawayCluster()
  project.provide('postgresAdminUrl', cluster.url)
  return cluster.stop
}
