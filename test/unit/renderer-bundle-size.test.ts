import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { initialLoad, type InitialLoad } from '../support/renderer-initial-load'

/**
 * The JavaScript the page must load before it can draw the sign-in screen: index.html's module
 * script and every chunk it imports statically (what Vite lists as modulepreload, checked here by
 * following the `import … from` statements themselves). Issue 11 asks for at most 150 kB gzip;
 * every other screen, and English and Russian, are chunks loaded later (src/renderer/src/app/
 * screens.ts, src/renderer/src/i18n). CI builds before vitest (scripts/test-all.mjs); run alone,
 * this builds first when out/renderer is missing or older than the renderer's sources.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const OUT = join(ROOT, 'out/renderer')
const INDEX = join(OUT, 'index.html')
const SOURCES = ['src/renderer', 'src/shared', 'electron.vite.config.ts'].map((p) => join(ROOT, p))
const LIMIT_BYTES = 150_000

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

function ensureBuilt(): void {
  const stale =
    !existsSync(INDEX) || statSync(INDEX).mtimeMs < Math.max(...SOURCES.map(newestMtime))
  if (!stale) return
  try {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 })
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error)
    throw new Error(
      `out/renderer is missing or older than the sources, and \`npx electron-vite build\` failed:\n${output}`
    )
  }
  if (!existsSync(INDEX)) throw new Error(`electron-vite build wrote no ${relative(ROOT, INDEX)}`)
}

describe('the renderer bundle', () => {
  let html: string
  let load: InitialLoad
  let chunks: string[]

  beforeAll(() => {
    ensureBuilt()
    html = readFileSync(INDEX, 'utf8')
    load = initialLoad(OUT, html)
    chunks = readdirSync(join(OUT, 'assets')).filter((name) => name.endsWith('.js'))
    process.stdout.write(
      `initial renderer JavaScript: ${(load.gzipBytes / 1000).toFixed(1)} kB gzip in ` +
        `${load.files.length} files (${chunks.length} chunks in all)\n`
    )
  }, 300_000)

  it(`loads at most ${LIMIT_BYTES / 1000} kB gzip of JavaScript before the first screen`, () => {
    expect(load.gzipBytes).toBeLessThanOrEqual(LIMIT_BYTES)
  })

  it('is split: the other screens and languages are chunks the first screen does not load', () => {
    expect(chunks.length).toBeGreaterThanOrEqual(10)
    const initial = load.files.map((file) => posix.basename(file))
    for (const lazy of ['ClientCard-', 'ReviewScreen-', 'TimelineTab-', 'en-', 'ru-', 'lv-']) {
      expect(
        chunks.some((name) => name.startsWith(lazy)),
        `a ${lazy}… chunk`
      ).toBe(true)
      expect(initial.filter((name) => name.startsWith(lazy))).toEqual([])
    }
  })

  it('keeps the CSP: no inline script, every chunk a same-origin file', () => {
    expect(html).toContain("script-src 'self'")
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    for (const file of load.files) expect(file).toMatch(/^assets\/[\w.-]+\.js$/)
  })
})
