#!/usr/bin/env node
// `npm start`: checks Node and the Electron binary first (scripts/start-preflight.mjs decides),
// downloads the binary with Electron's own installer when it is missing and allowed, then runs
// `electron-vite preview` with this script's arguments and hands back its exit code. Anything
// that stops the start is one plain paragraph on stderr and exit code 1, never a stack trace.
//
// Two variables exist for test/unit/start-preflight.test.ts only, so it can run this file against
// a stand-in electron folder on any Node:
//   CONSENT_DESK_ELECTRON_DIR            the electron package folder to check instead of the real one
//   CONSENT_DESK_PREFLIGHT_NODE_VERSION  the Node version to judge instead of the running one
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { preflight } from './start-preflight.mjs'

const require = createRequire(import.meta.url)

/** @param {string} packageName */
function installedPackageDir(packageName) {
  try {
    return dirname(require.resolve(`${packageName}/package.json`))
  } catch {
    return undefined
  }
}

/**
 * The absolute path of a package's named bin script, read from its package.json.
 * @param {string} packageDir
 * @param {string} binName
 */
function binScript(packageDir, binName) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[binName]
  if (typeof bin !== 'string') throw new Error(`${packageDir} has no "${binName}" bin`)
  return join(packageDir, bin)
}

/**
 * Runs a Node script with this Node (no shell, so it works the same on Windows) and resolves with
 * its exit code; a script that cannot be started counts as a failure.
 * @param {string} script
 * @param {string[]} args
 * @returns {Promise<number>}
 */
function runNodeScript(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' })
    // Ctrl+C reaches the child from the terminal too; stay alive until it has exited, and pass
    // on a TERM (from npm or a service manager) that only this process received.
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('error', () => resolve(1))
    child.on('exit', (code) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(code ?? 1)
    })
  })
}

/** Electron's own `install-electron` bin: downloads the binary and writes path.txt. */
async function fetchElectron(/** @type {string} */ electronDir) {
  console.log('The Electron binary is missing; downloading it with Electron\'s installer…')
  try {
    return (await runNodeScript(binScript(electronDir, 'install-electron'), [])) === 0
  } catch {
    return false
  }
}

/** @type {import('./start-preflight.mjs').PreflightOutcome} */
let outcome
try {
  outcome = await preflight({
    nodeVersion: process.env.CONSENT_DESK_PREFLIGHT_NODE_VERSION || process.versions.node,
    env: process.env,
    electronDir: process.env.CONSENT_DESK_ELECTRON_DIR || installedPackageDir('electron'),
    fetchElectron
  })
} catch (error) {
  // An unreadable node_modules and the like: still one plain line, not a stack.
  const reason = error instanceof Error ? error.message : String(error)
  outcome = { ok: false, message: `Consent Desk could not check its Electron installation: ${reason}` }
}

if (!outcome.ok) {
  console.error(`\n${outcome.message}\n`)
  process.exit(1)
}

let electronViteCli
try {
  const electronViteDir = installedPackageDir('electron-vite')
  if (electronViteDir === undefined) throw new Error('electron-vite is not installed')
  electronViteCli = binScript(electronViteDir, 'electron-vite')
} catch {
  console.error('\nelectron-vite is not installed. Run `npm install` in this folder, then `npm start` again.\n')
  process.exit(1)
}
// The embedded database's template (out/pglite-template.tar.gz) spares a new data folder the
// seconds of initdb. Without it the app still starts, only its first start is slower.
const tsxDir = installedPackageDir('tsx')
if (tsxDir !== undefined) {
  const templateScript = join(dirname(fileURLToPath(import.meta.url)), 'build-pglite-template.ts')
  const built = await runNodeScript(binScript(tsxDir, 'tsx'), [templateScript, '--if-stale'])
  if (built !== 0) console.error('The embedded database template was not built; starting without it.')
}
process.exitCode = await runNodeScript(electronViteCli, ['preview', ...process.argv.slice(2)])
