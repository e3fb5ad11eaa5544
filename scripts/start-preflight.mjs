// The decisions `npm start` makes before it hands over to `electron-vite preview`: is this Node
// new enough for Electron 45, and is Electron's program (the binary) on disk? Electron 45 no longer
// downloads its binary when it is installed; electron-vite only reads `node_modules/electron/
// path.txt`, which exists after the download, and otherwise dies with "Error: Electron uninstall".
// Everything the decision depends on is passed in (Node version, environment, where the electron
// package is, how to download), so test/unit/start-preflight.test.ts runs it against stand-in
// folders. scripts/start.mjs is the thin wrapper that supplies the real ones.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Electron 45's own `engines.node`; its installer also needs it (it `require`s an ES module). */
export const MINIMUM_NODE_VERSION = '22.12.0'

/**
 * @typedef {{ ok: true, electronPath: string }
 *   | { ok: false, message: string }} PreflightOutcome
 * @typedef {{ found: true, path: string } | { found: false, expected: string }} BinaryLookup
 */

/**
 * @param {string} version like "20.20.2" or "v22.12.0"
 * @returns {[number, number, number]}
 */
function parseVersion(version) {
  const [major = 0, minor = 0, patch = 0] = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0)
  return [major, minor, patch]
}

/**
 * @param {string} running
 * @param {string} minimum
 */
export function isNodeVersionAtLeast(running, minimum) {
  const have = parseVersion(running)
  const need = parseVersion(minimum)
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0)
  }
  return true
}

/**
 * Electron's convention: any non-empty value means "do not download". "0" and "false" are read
 * as "not set", since nobody writes them meaning yes.
 *
 * @param {Record<string, string | undefined>} env
 */
export function isDownloadSkipped(env) {
  const value = (env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '').trim().toLowerCase()
  return value !== '' && value !== '0' && value !== 'false'
}

/** @param {string} path */
function isFile(path) {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * Where electron-vite will look for the Electron program, and whether it is there. The same rule
 * electron-vite uses: ELECTRON_EXEC_PATH if set, else `dist/<path.txt>` inside the package.
 *
 * @param {string} electronDir the installed `electron` package folder
 * @param {Record<string, string | undefined>} env
 * @returns {BinaryLookup}
 */
export function locateElectronBinary(electronDir, env) {
  const override = env.ELECTRON_EXEC_PATH
  if (override) return isFile(override) ? { found: true, path: override } : { found: false, expected: override }

  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return { found: false, expected: join(electronDir, 'dist') }
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return isFile(executable) ? { found: true, path: executable } : { found: false, expected: executable }
}

/** @param {string} electronDir */
function electronVersion(electronDir) {
  try {
    const manifest = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))
    return typeof manifest.version === 'string' ? ` ${manifest.version}` : ''
  } catch {
    return ''
  }
}

/**
 * Decides whether `npm start` may go on. Never throws for a user's situation: every way out is a
 * plain message, because a stack trace tells someone at a counter machine nothing.
 *
 * @param {{
 *   nodeVersion: string,
 *   env: Record<string, string | undefined>,
 *   electronDir: string | undefined,
 *   fetchElectron: (electronDir: string) => Promise<boolean>
 * }} inputs `electronDir` is undefined when the electron package is not installed at all;
 *   `fetchElectron` runs Electron's own installer and says whether it succeeded.
 * @returns {Promise<PreflightOutcome>}
 */
export async function preflight({ nodeVersion, env, electronDir, fetchElectron }) {
  if (!isNodeVersionAtLeast(nodeVersion, MINIMUM_NODE_VERSION)) {
    return {
      ok: false,
      message:
        `Consent Desk needs Node.js ${MINIMUM_NODE_VERSION} or later to start the desktop app ` +
        `(Electron 45 requires it), but this is Node.js ${nodeVersion.replace(/^v/, '')}. ` +
        `Install Node.js 22.12 or later (for example \`nvm install 22\`), run \`npm install\` ` +
        `with it, then \`npm start\` again. Building and the tests (\`npm run build\`, \`npm test\`) ` +
        `also work on Node.js 20.19 or later.`
    }
  }

  if (electronDir === undefined) {
    return {
      ok: false,
      message:
        'The electron package is not installed, so the desktop app cannot start. ' +
        'Run `npm install` in this folder, then `npm start` again.'
    }
  }

  const before = locateElectronBinary(electronDir, env)
  if (before.found) return { ok: true, electronPath: before.path }

  const program = `The Electron${electronVersion(electronDir)} program is not installed (expected at ${before.expected})`
  if (env.ELECTRON_EXEC_PATH) {
    return {
      ok: false,
      message:
        `${program}: ELECTRON_EXEC_PATH names a file that does not exist. ` +
        'Point ELECTRON_EXEC_PATH at the Electron executable, or unset it so that `npm start` ' +
        'uses (and if needed downloads) the one in node_modules/electron.'
    }
  }
  if (isDownloadSkipped(env)) {
    return {
      ok: false,
      message:
        `${program}, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so \`npm start\` did not download it. ` +
        'To get it, unset ELECTRON_SKIP_BINARY_DOWNLOAD and run `npm start` again where the ' +
        'internet can be reached, or run `npx install-electron` in this folder (it downloads from ' +
        'GitHub, or from ELECTRON_MIRROR when that names a mirror of the Electron releases).'
    }
  }

  const fetched = await fetchElectron(electronDir)
  const after = locateElectronBinary(electronDir, env)
  if (fetched && after.found) return { ok: true, electronPath: after.path }
  return {
    ok: false,
    message:
      `${program}, and downloading it failed (the installer's own output is above). ` +
      'Check that this machine can reach the internet (or set ELECTRON_MIRROR to a reachable ' +
      'mirror of the Electron releases) and run `npm start` again, or run `npx install-electron` ' +
      'in this folder yourself.'
  }
}
