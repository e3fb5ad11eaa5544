import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

// src/main/index.ts itself, started against a stand-in for the Electron binary we cannot
// download: what an installed app and a developer's app actually load, and with which options.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown
  const state = {
    isPackaged: true,
    userData: '',
    readyCallbacks: [] as (() => void)[],
    /** In call order, to check that the scheme is privileged before the app is ready. */
    calls: [] as string[],
    windows: [] as { options: unknown; loaded?: string }[],
    protocolHandlers: new Map<string, Listener>(),
    errorBoxes: [] as string[]
  }
  class BrowserWindow {
    readonly webContents = { on: () => {}, setWindowOpenHandler: () => {}, send: () => {} }
    private readonly record: { options: unknown; loaded?: string }
    constructor(options: unknown) {
      this.record = { options }
      state.windows.push(this.record)
    }
    once(): void {}
    on(): void {}
    async loadURL(url: string): Promise<void> {
      this.record.loaded = url
    }
  }
  const module = {
    app: {
      get isPackaged() {
        return state.isPackaged
      },
      requestSingleInstanceLock: () => true,
      on: () => {},
      quit: () => {},
      exit: () => {},
      getVersion: () => '0.0.0-test',
      getPath: () => state.userData,
      whenReady: () => {
        state.calls.push('whenReady')
        return Promise.resolve()
      }
    },
    dialog: { showErrorBox: (_title: string, message: string) => state.errorBoxes.push(message) },
    protocol: {
      registerSchemesAsPrivileged: () => state.calls.push('registerSchemesAsPrivileged')
    },
    ipcMain: { handle: () => {} },
    BrowserWindow,
    session: {
      fromPartition: () => ({}),
      defaultSession: {
        webRequest: { onHeadersReceived: () => {} },
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
        protocol: {
          handle: (scheme: string, handler: Listener) => state.protocolHandlers.set(scheme, handler)
        }
      }
    }
  }
  return { state, module }
})
vi.mock('electron', () => fake.module)
// The embedded API (PGlite) is not what this test is about.
vi.mock('../../src/server/embedded', () => ({
  DEMO_ACCOUNTS: [],
  startEmbeddedServer: async () => ({ url: 'http://127.0.0.1:1', close: async () => {} })
}))

let userData: string
beforeAll(async () => {
  userData = await mkdtemp(join(tmpdir(), 'consent-desk-composition-'))
  fake.state.userData = userData
  // Electron sets it for a packaged app; main reads the print resources from there.
  Object.defineProperty(process, 'resourcesPath', { value: userData, configurable: true })
})
afterAll(async () => {
  await rm(userData, { recursive: true, force: true })
  Reflect.deleteProperty(process, 'resourcesPath')
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  vi.resetModules()
  fake.state.calls.length = 0
  fake.state.windows.length = 0
  fake.state.protocolHandlers.clear()
  fake.state.errorBoxes.length = 0
})

/** Imports the entry point as Electron would start it, and waits until its window exists. */
async function startApp({ isPackaged }: { isPackaged: boolean }): Promise<void> {
  fake.state.isPackaged = isPackaged
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  await import('../../src/main/index')
  await vi.waitFor(() => {
    if (fake.state.windows.length === 0 && fake.state.errorBoxes.length === 0) {
      throw new Error('not started yet')
    }
  })
}

describe('the desktop app as started by Electron', () => {
  it('loads an installed app from app://bundle with DevTools off', async () => {
    await startApp({ isPackaged: true })
    expect(fake.state.windows).toHaveLength(1)
    expect(fake.state.windows[0]?.loaded).toBe('app://bundle/index.html')
    expect(fake.state.windows[0]?.options).toMatchObject({ webPreferences: { devTools: false } })
    expect(fake.state.protocolHandlers.has('app')).toBe(true)
    expect(fake.state.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(
      fake.state.calls.indexOf('whenReady')
    )
  })

  it('ignores ELECTRON_RENDERER_URL in an installed app', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/')
    await startApp({ isPackaged: true })
    expect(fake.state.windows[0]?.loaded).toBe('app://bundle/index.html')
  })

  it('loads the dev server in development, with DevTools', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173/')
    await startApp({ isPackaged: false })
    expect(fake.state.windows[0]?.loaded).toBe('http://localhost:5173/')
    expect(fake.state.windows[0]?.options).toMatchObject({ webPreferences: { devTools: true } })
  })

  it('refuses to start in development on a dev server that is not on this machine', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://evil.example:5173/')
    await startApp({ isPackaged: false })
    expect(fake.state.windows).toEqual([])
    expect(fake.state.errorBoxes).toEqual([
      'ELECTRON_RENDERER_URL must be on this machine (localhost, 127.0.0.1 or [::1]) (got "http://evil.example:5173/")'
    ])
  })

  it('refuses to start on an http:// API address', async () => {
    vi.stubEnv('CONSENT_API_URL', 'http://consent.lmt.lv')
    await startApp({ isPackaged: true })
    expect(fake.state.windows).toEqual([])
    expect(fake.state.errorBoxes[0]).toMatch(/^CONSENT_API_URL must use https:\/\//)
  })
})
