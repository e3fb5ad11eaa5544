import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The renderer's initial JavaScript, gzip: what issue 11 caps at 150 kB. Measured the same way by
 * the test that holds the cap (test/unit/renderer-bundle-size.test.ts) and by the benchmark that
 * puts the figure in `npm run bench`'s table (bench/bundle.bench.ts).
 */

/** Chunks a module imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import()`. */
function staticImports(code: string): string[] {
  const pattern = /\bimport\s*(?:[^"'();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g
  return [...code.matchAll(pattern)].map((match) => match[1]!)
}

export interface InitialLoad {
  files: string[]
  gzipBytes: number
}

/**
 * What the page must load before it can draw the sign-in screen: index.html's (`html`, from the
 * built renderer in `outDir`) scripts and modulepreloads, and their static imports, transitively.
 */
export function initialLoad(outDir: string, html: string): InitialLoad {
  const listed = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)
  ].map((match) => posix.normalize(match[1]!))
  const seen = new Set<string>()
  const queue = [...listed]
  while (queue.length > 0) {
    const file = queue.shift()!
    if (seen.has(file)) continue
    seen.add(file)
    const code = readFileSync(join(outDir, file), 'utf8')
    for (const imported of staticImports(code)) {
      queue.push(posix.join(posix.dirname(file), imported))
    }
  }
  const files = [...seen].sort()
  const gzipBytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length,
    0
  )
  return { files, gzipBytes }
}
