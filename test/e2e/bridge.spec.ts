import type { Page } from '@playwright/test'
import { buildContentSecurityPolicy } from '../../src/main/security/csp'
import { openSignIn, signIn } from '../support/e2e-actions'
import { expect, test } from '../support/e2e-fixtures'

/** Calls the bridge from inside the page, as the renderer does. */
async function invokeInPage(
  page: Page,
  channel: string,
  input?: unknown
): Promise<unknown> {
  return page.evaluate(
    ([name, data]) => {
      type Bridge = { invoke(channel: string, input?: unknown): Promise<unknown> }
      return (globalThis as unknown as { consentDesk: Bridge }).consentDesk.invoke(name, data)
    },
    [channel, input] as const
  )
}

test('the page never sees the session token', async ({ page, desk }) => {
  await openSignIn(page)
  await signIn(page, 'agent')
  const token = desk.services.session.token()
  expect(token).toBeTruthy()

  const seen = JSON.stringify([
    await invokeInPage(page, 'auth:session'),
    await invokeInPage(page, 'app:info'),
    await invokeInPage(page, 'api:health'),
    await page.evaluate(() => {
      type Stored = Record<string, string>
      const scope = globalThis as unknown as { localStorage: Stored; sessionStorage: Stored }
      return JSON.stringify([{ ...scope.localStorage }, { ...scope.sessionStorage }])
    }),
    await page.content()
  ])
  expect(seen).not.toContain(token)
})

test('the bridge refuses channels outside the contract and malformed input', async ({ page }) => {
  await page.goto('/')
  expect(await invokeInPage(page, 'fs:read', { path: '/etc/passwd' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' }
  })
  expect(await invokeInPage(page, 'auth:login', { username: 42 })).toMatchObject({
    ok: false,
    error: { code: 'invalid_input' }
  })
})

test('the renderer is served under the shell’s Content Security Policy', async ({ page }) => {
  const response = await page.goto('/')
  expect(response?.headers()['content-security-policy']).toBe(buildContentSecurityPolicy())
})
