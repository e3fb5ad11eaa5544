import { describe, expect, it } from 'vitest'
import { buildContentSecurityPolicy } from '../../src/main/security/csp'
import { isTrustedIpcSender } from '../../src/main/security/ipc-sender'
import { isAllowedNavigation } from '../../src/main/security/navigation'
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  chooseRendererSource,
  DevServerUrlError
} from '../../src/main/security/renderer-source'
import { createWindowOptions } from '../../src/main/security/window-options'

const FILE_APP = 'file:///opt/consent-desk/resources/app/out/renderer/index.html'
const DEV_ORIGIN = 'http://localhost:5173'

describe('createWindowOptions', () => {
  it('isolates and sandboxes the renderer with no Node and no webview', () => {
    const options = createWindowOptions({
      preloadPath: '/app/out/preload/index.cjs',
      isPackaged: true
    })
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })

  it('turns DevTools off in a packaged app and keeps them in development', () => {
    expect(
      createWindowOptions({ preloadPath: 'p', isPackaged: true }).webPreferences?.devTools
    ).toBe(false)
    expect(
      createWindowOptions({ preloadPath: 'p', isPackaged: false }).webPreferences?.devTools
    ).toBe(true)
  })

  it('keeps the window hidden until it is ready to show', () => {
    expect(createWindowOptions({ preloadPath: 'p', isPackaged: true }).show).toBe(false)
  })
})

describe('chooseRendererSource', () => {
  const bundle = { kind: 'bundle', url: 'app://bundle/index.html', origin: 'app://bundle' }

  it('loads the built bundle from app://bundle, never from file://', () => {
    expect(chooseRendererSource({ isPackaged: true, env: {} })).toEqual(bundle)
    expect(chooseRendererSource({ isPackaged: false, env: {} })).toEqual(bundle)
    expect(APP_ENTRY_URL).toBe('app://bundle/index.html')
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged app, whatever it names', () => {
    for (const url of ['http://localhost:5173/', 'https://evil.example/', 'file:///tmp/x.html']) {
      expect(
        chooseRendererSource({ isPackaged: true, env: { ELECTRON_RENDERER_URL: url } })
      ).toEqual(bundle)
    }
  })

  it.each(['http://localhost:5173/', 'http://127.0.0.1:5173', 'http://[::1]:5173/'])(
    'uses the dev server %s in development',
    (url) => {
      const source = chooseRendererSource({
        isPackaged: false,
        env: { ELECTRON_RENDERER_URL: url }
      })
      expect(source).toEqual({ kind: 'dev-server', url, origin: new URL(url).origin })
    }
  )

  it.each([
    ['https://evil.example/', 'must be an http:// URL'],
    ['http://evil.example:5173/', 'must be on this machine'],
    ['http://localhost.evil.example:5173/', 'must be on this machine'],
    ['http://localhost@evil.example/', 'must be on this machine'],
    ['file:///tmp/page.html', 'must be an http:// URL'],
    ['localhost:5173', 'must be an http:// URL']
  ])('refuses the dev server address %s in development, naming the variable', (url, message) => {
    expect(() =>
      chooseRendererSource({ isPackaged: false, env: { ELECTRON_RENDERER_URL: url } })
    ).toThrow(DevServerUrlError)
    expect(() =>
      chooseRendererSource({ isPackaged: false, env: { ELECTRON_RENDERER_URL: url } })
    ).toThrow(`ELECTRON_RENDERER_URL ${message}`)
  })
})

describe('isAllowedNavigation', () => {
  it.each([
    APP_ENTRY_URL,
    `${APP_ENTRY_URL}#/clients/1`,
    `${APP_ENTRY_URL}?lang=en`,
    'app://bundle/assets/index.js'
  ])('allows the app page %s', (url) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(true)
  })

  it.each([
    FILE_APP,
    'file:///etc/passwd',
    'app://bundle.attacker.example/index.html',
    'app://attacker@bundle/index.html',
    'app://other/index.html',
    'http://bundle/index.html',
    'https://www.lmt.lv/',
    'http://127.0.0.1:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
    '',
    undefined
  ])('refuses %s for the packaged app', (url) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(false)
  })

  it('allows any path on the dev server origin and nothing else', () => {
    expect(isAllowedNavigation('http://localhost:5173/src/main.tsx', DEV_ORIGIN)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', DEV_ORIGIN)).toBe(false)
    expect(isAllowedNavigation('https://localhost:5173/', DEV_ORIGIN)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173.evil.lv/', DEV_ORIGIN)).toBe(false)
    expect(isAllowedNavigation('http://localhost.evil.lv:5173/', DEV_ORIGIN)).toBe(false)
    expect(isAllowedNavigation(APP_ENTRY_URL, DEV_ORIGIN)).toBe(false)
  })

  it('refuses everything when the trusted origin itself has no origin', () => {
    expect(isAllowedNavigation('about:blank', 'about:blank')).toBe(false)
    expect(isAllowedNavigation(FILE_APP, FILE_APP)).toBe(false)
  })
})

describe('isTrustedIpcSender', () => {
  const topFrame = (url: string): { url: string; parent: null } => ({ url, parent: null })

  it('trusts the top-level frame of the main window on the app origin', () => {
    expect(
      isTrustedIpcSender({ frame: topFrame(APP_ENTRY_URL), fromMainWindow: true }, APP_ORIGIN)
    ).toBe(true)
    expect(
      isTrustedIpcSender(
        { frame: topFrame('http://localhost:5173/'), fromMainWindow: true },
        DEV_ORIGIN
      )
    ).toBe(true)
  })

  it('refuses an iframe, even one showing the app origin', () => {
    const iframe = { url: APP_ENTRY_URL, parent: topFrame(APP_ENTRY_URL) }
    expect(isTrustedIpcSender({ frame: iframe, fromMainWindow: true }, APP_ORIGIN)).toBe(false)
    // A frame whose parent is unknown is not known to be the top frame.
    const unknownParent = { url: APP_ENTRY_URL, parent: undefined }
    expect(isTrustedIpcSender({ frame: unknownParent, fromMainWindow: true }, APP_ORIGIN)).toBe(
      false
    )
  })

  it('refuses any window but the main one', () => {
    expect(
      isTrustedIpcSender({ frame: topFrame(APP_ENTRY_URL), fromMainWindow: false }, APP_ORIGIN)
    ).toBe(false)
  })

  it.each([
    FILE_APP,
    'https://attacker.example/',
    'app://bundle.attacker.example/',
    'about:blank',
    'http://localhost:5173/'
  ])('refuses the top frame of %s for the packaged app', (url) => {
    expect(isTrustedIpcSender({ frame: topFrame(url), fromMainWindow: true }, APP_ORIGIN)).toBe(
      false
    )
  })

  it('refuses a frame that has gone away', () => {
    expect(isTrustedIpcSender({ frame: null, fromMainWindow: true }, APP_ORIGIN)).toBe(false)
    expect(isTrustedIpcSender({ frame: undefined, fromMainWindow: true }, APP_ORIGIN)).toBe(false)
  })
})

describe('buildContentSecurityPolicy', () => {
  it('gives the packaged renderer no network beyond its own origin and no inline script', () => {
    const csp = buildContentSecurityPolicy()
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain("connect-src 'none';")
    expect(csp).toContain("style-src 'self';")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
  })

  it("names no scheme but the page's own: no file:, no http(s), no websockets", () => {
    const csp = buildContentSecurityPolicy()
    expect(csp).not.toMatch(/file:|https?:|wss?:|\*/)
  })

  it('opens inline script and loopback websockets only for the dev server', () => {
    expect(buildContentSecurityPolicy({ dev: true })).toMatch(/script-src 'self' 'unsafe-inline'/)
    expect(buildContentSecurityPolicy({ dev: true })).toMatch(
      /connect-src 'self' ws:\/\/localhost:\* ws:\/\/127\.0\.0\.1:\*;/
    )
    expect(buildContentSecurityPolicy({ dev: true })).toMatch(/style-src 'self' 'unsafe-inline'/)
  })
})
