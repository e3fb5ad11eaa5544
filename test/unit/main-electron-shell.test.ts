import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryLogger } from '../../src/main/logger'
import type { IpcHandlers } from '../../src/main/ipc/register'

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
    ipcHandlers: new Map<string, Listener>()
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
      session: {
        defaultSession: {
          webRequest: {
            onHeadersReceived: (listener: Listener) => (state.headersListener = listener)
          },
          setPermissionRequestHandler: (handler: Listener) => (state.permissionRequest = handler),
          setPermissionCheckHandler: (handler: Listener) => (state.permissionCheck = handler)
        }
      }
    }
  }
})
vi.mock('electron', () => fake.module)

const APP_URL = 'file:///opt/consent-desk/out/renderer/index.html'

beforeEach(() => {
  fake.state.windows.length = 0
  fake.state.ipcHandlers.clear()
})

describe('the Electron shell', () => {
  it('creates the window from the secure options and loads the app', async () => {
    const { createMainWindow } = await import('../../src/main/electron/window')
    createMainWindow({ appUrl: APP_URL, preloadPath: '/p/index.cjs', logger: createMemoryLogger() })
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
    createMainWindow({ appUrl: APP_URL, preloadPath: '/p', logger: createMemoryLogger() })
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
    const window = shell.createMainWindow({ appUrl: APP_URL, preloadPath: '/p', logger })
    const createWindowEventSink = shell.createWindowEventSink
    const sink = createWindowEventSink(() => window)
    sink.emit('session:ended', { reason: 'expired' })
    expect(fake.state.windows[0]?.sent).toEqual([['session:ended', { reason: 'expired' }]])
    expect(() => sink.emit('session:ended', { reason: 'bored' } as never)).toThrow()
  })

  it('asks the close guard on every close, and closes for real through the window port', async () => {
    const shell = await import('../../src/main/electron/window')
    const { createCloseGuard } = await import('../../src/main/services/close-guard')
    const window = shell.createMainWindow({ appUrl: APP_URL, preloadPath: '/p', logger: createMemoryLogger() })
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
    const window = shell.createMainWindow({ appUrl: APP_URL, preloadPath: '/p', logger: createMemoryLogger() })
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

  it('answers IPC only from the app page', async () => {
    const { registerElectronIpc } = await import('../../src/main/electron/ipc-main')
    const handlers = { 'api:health': async () => ({ reachable: true }) } as unknown as IpcHandlers
    registerElectronIpc(handlers, APP_URL, createMemoryLogger())
    const health = fake.state.ipcHandlers.get('api:health')
    await expect(health?.({ senderFrame: { url: APP_URL } })).resolves.toEqual({
      ok: true,
      value: { reachable: true }
    })
    const fromElsewhere = health?.({ senderFrame: { url: 'https://evil.example/' } })
    await expect(fromElsewhere).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' }
    })
  })
})
