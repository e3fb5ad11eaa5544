import { describe, expect, it } from 'vitest'
import { buildContentSecurityPolicy } from '../../src/main/security/csp'
import {
  isAllowedNavigation,
  isAppUrl,
  isTrustedSenderUrl
} from '../../src/main/security/navigation'
import { createWindowOptions } from '../../src/main/security/window-options'

const FILE_APP = 'file:///opt/consent-desk/resources/app/out/renderer/index.html'
const DEV_APP = 'http://localhost:5173/'

describe('createWindowOptions', () => {
  it('isolates and sandboxes the renderer with no Node and no webview', () => {
    const options = createWindowOptions({ preloadPath: '/app/out/preload/index.cjs' })
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

  it('keeps the window hidden until it is ready to show', () => {
    expect(createWindowOptions({ preloadPath: 'p' }).show).toBe(false)
  })
})

describe('isAllowedNavigation', () => {
  it.each([
    FILE_APP,
    `${FILE_APP}#/clients/1`,
    `${FILE_APP}?lang=en`
  ])('allows the packaged app page %s', (url) => {
    expect(isAllowedNavigation(url, FILE_APP)).toBe(true)
  })

  it.each([
    'https://www.lmt.lv/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'file:///opt/consent-desk/resources/app/out/renderer/other.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'not a url',
    '',
    undefined
  ])('refuses %s for the packaged app', (url) => {
    expect(isAllowedNavigation(url, FILE_APP)).toBe(false)
  })

  it('allows any path on the dev server origin and nothing else', () => {
    expect(isAllowedNavigation('http://localhost:5173/src/main.tsx', DEV_APP)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', DEV_APP)).toBe(false)
    expect(isAllowedNavigation('https://localhost:5173/', DEV_APP)).toBe(false)
    expect(isAllowedNavigation('http://localhost.evil.lv:5173/', DEV_APP)).toBe(false)
  })

  it('refuses everything when the app URL itself is not http(s) or file', () => {
    expect(isAppUrl('about:blank', 'about:blank')).toBe(false)
  })
})

describe('isTrustedSenderUrl', () => {
  it('trusts only frames showing the app page', () => {
    expect(isTrustedSenderUrl(FILE_APP, FILE_APP)).toBe(true)
    expect(isTrustedSenderUrl('https://attacker.example/', FILE_APP)).toBe(false)
    expect(isTrustedSenderUrl('about:blank', FILE_APP)).toBe(false)
    expect(isTrustedSenderUrl(null, FILE_APP)).toBe(false)
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

  it('opens inline script and websockets only for the dev server', () => {
    expect(buildContentSecurityPolicy({ dev: true })).toMatch(/script-src 'self' 'unsafe-inline'/)
    expect(buildContentSecurityPolicy({ dev: true })).toMatch(/connect-src 'self' ws:/)
    expect(buildContentSecurityPolicy({ dev: true })).toMatch(/style-src 'self' 'unsafe-inline'/)
  })
})
