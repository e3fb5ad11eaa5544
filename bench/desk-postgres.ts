/**
 * `npm run bench:desk-pg`: bench/desk.bench.spec.ts with LMT's scale behind the API — the desk in
 * Chromium with main's real handlers, and the API on the kept PostgreSQL with 1.5 million clients
 * (BENCH_CLIENTS; bench/bench-database.ts seeds it once) instead of 3,000 demo clients on PGlite.
 * Needs `electron-vite build` first (the script runs it). Reports the desk's figures like the rest.
 */
import { spawn } from 'node:child_process'
import { z } from 'zod'
import { loadConfig } from '../src/server/config'
import { LMT_CLIENTS, openBenchDatabase } from './bench-database'

const EnvSchema = z.object({
  BENCH_CLIENTS: z.coerce.number().int().min(100).default(LMT_CLIENTS)
})

async function main(): Promise<void> {
  const { BENCH_CLIENTS } = EnvSchema.parse(process.env)
  const password = loadConfig().demoPassword
  const bench = await openBenchDatabase({ clients: BENCH_CLIENTS, password })
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        'npx',
        ['playwright', 'test', '--config', 'bench/playwright.bench.config.ts', 'desk'],
        {
          stdio: 'inherit',
          env: {
            ...process.env,
            E2E_DATABASE_URL: bench.url,
            E2E_DEMO_CLIENTS: String(bench.clients),
            E2E_DEMO_PASSWORD: password
          }
        }
      )
      child.on('error', reject)
      child.on('exit', (exit) => resolve(exit ?? 1))
    })
    process.exitCode = code
  } finally {
    await bench.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
