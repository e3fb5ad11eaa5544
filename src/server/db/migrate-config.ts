import { z } from 'zod'

const emptyAsUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const PostgresUrlSchema = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
)

/**
 * `npm run migrate`'s environment. MIGRATION_DATABASE_URL is the URL of the tables' owner; a
 * developer whose one URL is the owner's may give DATABASE_URL alone. In production the API's
 * DATABASE_URL names its login role, which may not migrate (README, "Two roles").
 */
export const MigrateEnvSchema = z
  .object({ MIGRATION_DATABASE_URL: PostgresUrlSchema, DATABASE_URL: PostgresUrlSchema })
  .transform((env) => env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL)
  .pipe(
    z.string({
      error:
        'set MIGRATION_DATABASE_URL (or DATABASE_URL) to the postgres:// URL of the tables’ ' +
        'owner; demo mode (PGlite) migrates by itself'
    })
  )

/**
 * The owner's URL when one is given (MIGRATION_DATABASE_URL, else DATABASE_URL), or undefined
 * (demo mode); throws naming every problem. For `npm run seed`, which migrates and creates staff.
 */
export function ownerUrlFrom(
  env: Readonly<Record<string, string | undefined>>
): string | undefined {
  return env['MIGRATION_DATABASE_URL']?.trim() || env['DATABASE_URL']?.trim()
    ? migrationUrlFrom(env)
    : undefined
}

/** The owner's URL from the environment; throws naming every problem. */
export function migrationUrlFrom(env: Readonly<Record<string, string | undefined>>): string {
  const parsed = MigrateEnvSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`
    )
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  return parsed.data
}
