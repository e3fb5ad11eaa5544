import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  isDownloadSkipped,
  isNodeVersionAtLeast,
  preflight
} from '../../scripts/start-preflight.mjs'

const START_SCRIPT = resolve(__dirname, '../../scripts/start.mjs')
const NEW_ENOUGH_NODE = '22.12.0'

const tempDirs: string[] = []
afterEach(() => {
  while (tempDirs.length) rmSync(tempDirs.pop()!, { recursive: true, force: true })
})

/** A stand-in for node_modules/electron as `npm install` leaves it now: no dist, no path.txt. */
function electronPackageWithoutBinary(): string {
  const dir = mkdtempSync(join(tmpdir(), 'consent-desk-electron-'))
  tempDirs.push(dir)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'electron', version: '45.5.0', bin: { 'install-electron': 'install.js' } })
  )
  return dir
}

/** What Electron's installer leaves behind: the executable under dist/ and path.txt naming it. */
function installBinary(dir: string): string {
  mkdirSync(join(dir, 'dist'), { recursive: true })
  const executable = join(dir, 'dist', 'electron')
  writeFileSync(executable, '#!/bin/sh\n')
  chmodSync(executable, 0o755)
  writeFileSync(join(dir, 'path.txt'), 'electron')
  return executable
}

function expectPlainMessage(message: string): void {
  expect(message).not.toMatch(/^\s*at /m)
  expect(message).not.toMatch(/Error:/)
  expect(message.split('\n')).toHaveLength(1)
}

describe('npm start preflight (pure decision)', () => {
  it('refuses Node older than 22.12 with a plain message naming both versions', async () => {
    const fetchElectron = vi.fn(async () => true)
    const dir = electronPackageWithoutBinary()
    installBinary(dir)
    const outcome = await preflight({ nodeVersion: '20.20.2', env: {}, electronDir: dir, fetchElectron })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.message).toContain('Node.js 22.12.0 or later')
    expect(outcome.message).toContain('this is Node.js 20.20.2')
    expectPlainMessage(outcome.message)
    // Electron's installer itself needs the newer Node, so it must not even be tried.
    expect(fetchElectron).not.toHaveBeenCalled()
  })

  it('compares versions numerically, not as text', () => {
    expect(isNodeVersionAtLeast('22.12.0', '22.12.0')).toBe(true)
    expect(isNodeVersionAtLeast('v22.12.1', '22.12.0')).toBe(true)
    expect(isNodeVersionAtLeast('24.0.0', '22.12.0')).toBe(true)
    expect(isNodeVersionAtLeast('22.9.0', '22.12.0')).toBe(false)
    expect(isNodeVersionAtLeast('22.11.9', '22.12.0')).toBe(false)
    expect(isNodeVersionAtLeast('20.20.2', '22.12.0')).toBe(false)
  })

  it('starts without downloading when the binary named by path.txt is there', async () => {
    const dir = electronPackageWithoutBinary()
    const executable = installBinary(dir)
    const fetchElectron = vi.fn(async () => true)
    const outcome = await preflight({ nodeVersion: NEW_ENOUGH_NODE, env: {}, electronDir: dir, fetchElectron })
    expect(outcome).toEqual({ ok: true, electronPath: executable })
    expect(fetchElectron).not.toHaveBeenCalled()
  })

  it('treats path.txt without its file under dist/ as missing', async () => {
    const dir = electronPackageWithoutBinary()
    writeFileSync(join(dir, 'path.txt'), 'electron')
    const outcome = await preflight({
      nodeVersion: NEW_ENOUGH_NODE,
      env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      electronDir: dir,
      fetchElectron: async () => true
    })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.message).toContain(join(dir, 'dist', 'electron'))
  })

  it('downloads a missing binary with the installer, then starts', async () => {
    const dir = electronPackageWithoutBinary()
    const fetchElectron = vi.fn(async (electronDir: string) => {
      installBinary(electronDir)
      return true
    })
    const outcome = await preflight({ nodeVersion: NEW_ENOUGH_NODE, env: {}, electronDir: dir, fetchElectron })
    expect(fetchElectron).toHaveBeenCalledWith(dir)
    expect(outcome).toEqual({ ok: true, electronPath: join(dir, 'dist', 'electron') })
  })

  it('stops plainly when the download fails', async () => {
    const dir = electronPackageWithoutBinary()
    const outcome = await preflight({
      nodeVersion: NEW_ENOUGH_NODE,
      env: {},
      electronDir: dir,
      fetchElectron: async () => false
    })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.message).toContain('Electron 45.5.0 program is not installed')
    expect(outcome.message).toContain('downloading it failed')
    expect(outcome.message).toContain('npx install-electron')
    expectPlainMessage(outcome.message)
  })

  it('does not download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and says how to get it', async () => {
    const dir = electronPackageWithoutBinary()
    const fetchElectron = vi.fn(async () => true)
    const outcome = await preflight({
      nodeVersion: NEW_ENOUGH_NODE,
      env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      electronDir: dir,
      fetchElectron
    })
    expect(fetchElectron).not.toHaveBeenCalled()
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.message).toContain('Electron 45.5.0 program is not installed')
    expect(outcome.message).toContain(join(dir, 'dist'))
    expect(outcome.message).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set')
    expect(outcome.message).toContain('unset ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(outcome.message).toContain('npx install-electron')
    expectPlainMessage(outcome.message)
  })

  it('reads ELECTRON_SKIP_BINARY_DOWNLOAD the way Electron does', () => {
    expect(isDownloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(true)
    expect(isDownloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: 'true' })).toBe(true)
    expect(isDownloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '' })).toBe(false)
    expect(isDownloadSkipped({ ELECTRON_SKIP_BINARY_DOWNLOAD: '0' })).toBe(false)
    expect(isDownloadSkipped({})).toBe(false)
  })

  it('uses ELECTRON_EXEC_PATH as electron-vite does', async () => {
    const dir = electronPackageWithoutBinary()
    const elsewhere = installBinary(electronPackageWithoutBinary())
    const fetchElectron = vi.fn(async () => true)
    const found = await preflight({
      nodeVersion: NEW_ENOUGH_NODE,
      env: { ELECTRON_EXEC_PATH: elsewhere },
      electronDir: dir,
      fetchElectron
    })
    expect(found).toEqual({ ok: true, electronPath: elsewhere })
    const missing = await preflight({
      nodeVersion: NEW_ENOUGH_NODE,
      env: { ELECTRON_EXEC_PATH: join(dir, 'nowhere') },
      electronDir: dir,
      fetchElectron
    })
    expect(missing.ok).toBe(false)
    expect(fetchElectron).not.toHaveBeenCalled()
  })

  it('asks for npm install when the electron package itself is absent', async () => {
    const outcome = await preflight({
      nodeVersion: NEW_ENOUGH_NODE,
      env: {},
      electronDir: undefined,
      fetchElectron: async () => true
    })
    expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('npm install') })
  })
})

describe('npm start (the real script as a child process)', () => {
  function runStart(env: Record<string, string>) {
    return spawnSync(process.execPath, [START_SCRIPT], {
      // ELECTRON_EXEC_PATH would bypass the stand-in folder, so the ambient one is dropped.
      env: { ...process.env, ELECTRON_EXEC_PATH: '', ...env },
      encoding: 'utf8',
      timeout: 30_000
    })
  }

  it('exits 1 with a plain message when the binary is missing and downloads are skipped', () => {
    const dir = electronPackageWithoutBinary()
    const result = runStart({
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      CONSENT_DESK_ELECTRON_DIR: dir,
      CONSENT_DESK_PREFLIGHT_NODE_VERSION: NEW_ENOUGH_NODE
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('Electron 45.5.0 program is not installed')
    expect(result.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD')
    expect(result.stderr).toContain('npx install-electron')
    expect(result.stderr).not.toMatch(/^\s*at /m)
    expect(result.stderr).not.toContain('Electron uninstall')
  })

  it('runs Electron\'s installer for a missing binary and stops plainly when it fails', () => {
    const dir = electronPackageWithoutBinary()
    // A stand-in installer that fails the way a download without network does.
    writeFileSync(join(dir, 'install.js'), "console.log('stand-in installer ran'); process.exit(1)\n")
    const result = runStart({
      ELECTRON_SKIP_BINARY_DOWNLOAD: '',
      CONSENT_DESK_ELECTRON_DIR: dir,
      CONSENT_DESK_PREFLIGHT_NODE_VERSION: NEW_ENOUGH_NODE
    })
    expect(result.stdout).toContain('stand-in installer ran')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('downloading it failed')
    expect(result.stderr).not.toMatch(/^\s*at /m)
  })

  it('exits 1 with a plain message on a Node that is too old', () => {
    const dir = electronPackageWithoutBinary()
    const result = runStart({
      CONSENT_DESK_ELECTRON_DIR: dir,
      CONSENT_DESK_PREFLIGHT_NODE_VERSION: '20.19.0'
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('needs Node.js 22.12.0 or later')
    expect(result.stderr).toContain('this is Node.js 20.19.0')
    expect(result.stderr).not.toMatch(/^\s*at /m)
  })
})
