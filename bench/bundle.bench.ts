/**
 * `npm run bench:bundle`: the renderer's initial JavaScript, gzip (issue 11: ≤ 150 kB, with the
 * tabs split into chunks of their own), next to all of the renderer's JavaScript, gzip, in the
 * same build. Run after `electron-vite build` (the npm script builds first). Not a test: the
 * test that holds the cap is test/unit/renderer-bundle-size.test.ts, measuring the same way.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { initialLoad } from '../test/support/renderer-initial-load'
import { reportFigures } from './figures'

const OUT = resolve(import.meta.dirname, '../out/renderer')
const TARGET_KB = 150

const load = initialLoad(OUT, readFileSync(join(OUT, 'index.html'), 'utf8'))
const chunks = readdirSync(join(OUT, 'assets')).filter((name) => name.endsWith('.js'))
const allKb =
  chunks.reduce((sum, name) => sum + gzipSync(readFileSync(join(OUT, 'assets', name))).length, 0) /
  1000
const initialKb = load.gzipBytes / 1000
console.log(
  `initial renderer JavaScript: ${initialKb.toFixed(1)} kB gzip in ${load.files.length} files; ` +
    `all ${chunks.length} chunks: ${allKb.toFixed(1)} kB gzip`
)
await reportFigures([
  {
    id: 'bundle.initial_js_gzip',
    label: 'renderer JavaScript loaded before the first screen, gzip',
    value: initialKb,
    unit: 'kB',
    better: 'lower',
    peer: { label: `all ${chunks.length} chunks, gzip`, value: allKb, unit: 'kB' },
    target: `≤ ${TARGET_KB} kB`,
    met: initialKb <= TARGET_KB
  }
])
