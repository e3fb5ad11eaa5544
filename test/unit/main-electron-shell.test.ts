import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryLogger } from '../../src/main/logger'
import type { IpcHandlers } from '../../src/main/ipc/register'
import type { RendererSource } from '../../src/main/security/renderer-source'

// A stand-in for the Electron binary we cannot download: just enough of BrowserWindow, session and
// ipcMain to check how the shell wires them.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown
  const state = {
    windows: [] as {
      options: unknown
      loaded: string | undefined
      listeners: Map<string, Listener>
      windowListeners: Map<string, Listener>
      openHandler: Listener | undefined
      sent: unknown[][]
      closed: boolean
    }[],
    headersListener: undefined as Listener | undefined,
    permissionRequest: undefined as Listener | undefined,
    permissionCheck: undefined as Listener | undefined,
    ipcHandlers: new Map<string, Listener>(),
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>()
  }
  class BrowserWindow {
    private readonly record: (typeof state.windows)[number]
    readonly webContents: Record<string, unknown>
    constructor(options: unknown) {
      this.record = {
        options,
        loaded: undefined,
        listeners: new Map(),
        windowListeners: new Map(),
        openHandler: undefined,
        sent: [],
        closed: false
      }
      state.windows.push(this.record)
      const record = this.record
      this.webContents = {
        on: (event: string, listener: Listener) => record.listeners.set(event, listener),
        setWindowOpenHandler: (handler: Listener) => (record.openHandler = handler),
        send: (...args: unknown[]) => record.sent.push(args)
      }
    }
    once(): void {}
    on(event: string, listener: Listener): void {
      this.record.windowListeners.set(event, listener)
    }
    /** Like Electron's: emits `close`, and closes unless a listener prevented it. */
    close(): void {
      let prevented = false
      this.record.windowListeners.get('close')?.({ preventDefault: () => (prevented = true) })
      if (!prevented) this.record.closed = true
    }
    isDestroyed(): boolean {
      return this.record.closed
    }
    async loadURL(url: string): Promise<void> {
      this.record.loaded = url
    }
  }
  return {
    state,
    module: {
      BrowserWindow,
      ipcMain: {
        handle: (channel: string, listener: Listener) => state.ipcHandlers.set(channel, listener)
      },
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown[]) =>
          state.privilegedSchemes.push(...schemes)
      },
      session: {
        defaultSession: {
          webRequest: {
            onHeadersReceived: (listener: Listener) => (state.headersListener = listener)
          },
          setPermissionRequestHandler: (handler: Listener) => (state.permissionRequest = handler),
          setPermissionCheckHandler: (handler: Listener) => (state.permissionCheck = handler),
          protocol: {
            handle: (scheme: string, handler: Listener) =>
              state.protocolHandlers.set(scheme, handler)
          }
        }
      }
    }
  }
})
vi.mock('electron', () => fake.module)

const APP_URL = 'app://bundle/index.html'
const RENDERER: RendererSource = { kind: 'bundle', url: APP_URL, origin: 'app://bundle' }

beforeEach(() => {
  fake.state.windows.length = 0
  fake.state.ipcHandlers.clear()
})

describe('the Electron shell', () => {
  it('creates the window from the secure options and loads the app', async () => {
    const { createMainWindow } = await import('../../src/main/electron/window')
    createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p/index.cjs',
      isPackaged: true,
      logger: createMemoryLogger()
    })
    const [window] = fake.state.windows
    expect(window?.options).toMatchObject({
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webviewTag: false
      }
    })
    expect(window?.loaded).toBe(APP_URL)
  })

  it('blocks navigation away from the app and every new window', async () => {
    const { createMainWindow } = await import('../../src/main/electron/window')
    createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p',
      isPackaged: true,
      logger: createMemoryLogger()
    })
    const window = fake.state.windows[0]
    const navigate = (url: string): boolean => {
      const event = { url, preventDefault: vi.fn() }
      window?.listeners.get('will-navigate')?.(event)
      return event.preventDefault.mock.calls.length === 0
    }
    expect(navigate('https://evil.example/')).toBe(false)
    expect(navigate(`${APP_URL}#/client`)).toBe(true)
    expect(window?.openHandler?.({ url: 'https://www.lmt.lv/' })).toEqual({ action: 'deny' })
    const attach = { preventDefault: vi.fn() }
    window?.listeners.get('will-attach-webview')?.(attach)
    expect(attach.preventDefault).toHaveBeenCalled()
  })

  it('adds the CSP header to every response and refuses every permission', async () => {
    const { hardenDefaultSession } = await import('../../src/main/electron/window')
    const { buildContentSecurityPolicy } = await import('../../src/main/security/csp')
    hardenDefaultSession({ dev: false })
    const callback = vi.fn()
    fake.state.headersListener?.({ responseHeaders: { 'X-Other': ['1'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'X-Other': ['1'],
        'Content-Security-Policy': [buildContentSecurityPolicy()]
      }
    })
    const decide = vi.fn()
    fake.state.permissionRequest?.({}, 'media', decide)
    expect(decide).toHaveBeenCalledWith(false)
    expect(fake.state.permissionCheck?.()).toBe(false)
  })

  it('sends only contract-valid events to the window', async () => {
    const shell = await import('../../src/main/electron/window')
    const logger = createMemoryLogger()
    const window = shell.createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p',
      isPackaged: true,
      logger
    })
    const createWindowEventSink = shell.createWindowEventSink
    const sink = createWindowEventSink(() => window)
    sink.emit('session:ended', { reason: 'expired' })
    expect(fake.state.windows[0]?.sent).toEqual([['session:ended', { reason: 'expired' }]])
    expect(() => sink.emit('session:ended', { reason: 'bored' } as never)).toThrow()
  })

  it('asks the close guard on every close, and closes for real through the window port', async () => {
    const shell = await import('../../src/main/electron/window')
    const { createCloseGuard } = await import('../../src/main/services/close-guard')
    const window = shell.createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p',
      isPackaged: true,
      logger: createMemoryLogger()
    })
    const record = fake.state.windows[0]
    const guard = createCloseGuard({
      events: shell.createWindowEventSink(() => window),
      window: shell.createWindowControl(() => window)
    })
    shell.guardWindowClose(window, guard)

    guard.setUnsavedWork(true)
    window.close() // the title-bar button
    expect(record?.closed).toBe(false)
    expect(record?.sent).toEqual([['app:close-requested', {}]])

    guard.closeWithoutAsking() // the renderer's app:close after "discard"
    expect(record?.closed).toBe(true)
    expect(record?.sent).toHaveLength(1)
    // A closed window is not closed twice.
    expect(() => guard.closeWithoutAsking()).not.toThrow()
  })

  it('lets the window close once its page has crashed or been replaced', async () => {
    const shell = await import('../../src/main/electron/window')
    const { createCloseGuard } = await import('../../src/main/services/close-guard')
    const window = shell.createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p',
      isPackaged: true,
      logger: createMemoryLogger()
    })
    const record = fake.state.windows[0]
    const guard = createCloseGuard({
      events: shell.createWindowEventSink(() => window),
      window: shell.createWindowControl(() => window)
    })
    shell.guardWindowClose(window, guard)
    guard.setUnsavedWork(true)
    record?.listeners.get('render-process-gone')?.({}, { reason: 'crashed' })
    window.close()
    expect(record?.closed).toBe(true)
    expect(record?.sent).toEqual([])
  })

  it('answers IPC only from the top frame of the main window on the app origin', async () => {
    const { registerElectronIpc } = await import('../../src/main/electron/ipc-main')
    const shell = await import('../../src/main/electron/window')
    const window = shell.createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p',
      isPackaged: true,
      logger: createMemoryLogger()
    })
    const handlers = { 'api:health': async () => ({ reachable: true }) } as unknown as IpcHandlers
    registerElectronIpc(
      handlers,
      { trustedOrigin: RENDERER.origin, getMainWindow: () => window },
      createMemoryLogger()
    )
    const health = fake.state.ipcHandlers.get('api:health')
    const topFrame = { url: APP_URL, parent: null }
    const call = (event: unknown): unknown => health?.(event)

    await expect(call({ sender: window.webContents, senderFrame: topFrame })).resolves.toEqual({
      ok: true,
      value: { reachable: true }
    })
    const refused = { ok: false, error: { code: 'forbidden_sender' } }
    // Another page, an iframe of the app page, the same page in another window, the old file:// page.
    await expect(
      call({
        sender: window.webContents,
        senderFrame: { url: 'https://evil.example/', parent: null }
      })
    ).resolves.toMatchObject(refused)
    await expect(
      call({ sender: window.webContents, senderFrame: { url: APP_URL, parent: topFrame } })
    ).resolves.toMatchObject(refused)
    await expect(call({ sender: {}, senderFrame: topFrame })).resolves.toMatchObject(refused)
    await expect(
      call({
        sender: window.webContents,
        senderFrame: { url: 'file:///opt/consent-desk/out/renderer/index.html', parent: null }
      })
    ).resolves.toMatchObject(refused)
  })

  it('turns DevTools off in the window of a packaged app', async () => {
    const { createMainWindow } = await import('../../src/main/electron/window')
    createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p',
      isPackaged: true,
      logger: createMemoryLogger()
    })
    createMainWindow({
      renderer: RENDERER,
      preloadPath: '/p',
      isPackaged: false,
      logger: createMemoryLogger()
    })
    expect(fake.state.windows.map((window) => window.options)).toMatchObject([
      { webPreferences: { devTools: false } },
      { webPreferences: { devTools: true } }
    ])
  })
})

describe('the app:// protocol', () => {
  let bundleRoot: string
  beforeAll(async () => {
    bundleRoot = await mkdtemp(join(tmpdir(), 'consent-desk-bundle-'))
    await mkdir(join(bundleRoot, 'assets'))
    await writeFile(join(bundleRoot, 'index.html'), '<!doctype html><title>Consent Desk</title>')
    await writeFile(join(bundleRoot, 'assets', 'index-abc.js'), 'console.log(1)')
  })
  afterAll(async () => {
    await rm(bundleRoot, { recursive: true, force: true })
  })

  it('registers app: as a standard, secure scheme with fetch support', async () => {
    const { registerAppSchemeAsPrivileged } = await import('../../src/main/electron/app-protocol')
    registerAppSchemeAsPrivileged()
    expect(fake.state.privilegedSchemes).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true }
    })
  })

  it('serves bundle files with their type and the CSP, and 404 for anything else', async () => {
    const { serveBundle } = await import('../../src/main/electron/app-protocol')
    serveBundle(fake.module.session.defaultSession as never, {
      bundleRoot,
      contentSecurityPolicy: "default-src 'none'"
    })
    const handle = fake.state.protocolHandlers.get('app') as (request: {
      url: string
      method: string
    }) => Promise<Response>

    const page = await handle({ url: 'app://bundle/index.html', method: 'GET' })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'")
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Consent Desk</title>')

    const script = await handle({ url: 'app://bundle/assets/index-abc.js', method: 'GET' })
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')

    for (const url of ['app://bundle/%2e%2e/%2e%2e/etc/passwd', 'app://bundle/missing.js']) {
      expect((await handle({ url, method: 'GET' })).status).toBe(404)
    }
    expect((await handle({ url: 'app://bundle/index.html', method: 'POST' })).status).toBe(404)
  })
})
