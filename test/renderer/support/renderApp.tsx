import { render, screen, type RenderResult } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Language } from '../../../src/shared/domain/staff'
import { App } from '../../../src/renderer/src/app/App'
import { createI18n, storeLanguage } from '../../../src/renderer/src/i18n'
import { createFakeBridge, type FakeBridge, type FakeHandlers } from './fakeBridge'
import { advanceClockIfFake } from './fakeClock'

export interface RenderedApp extends RenderResult {
  bridge: FakeBridge
  user: ReturnType<typeof userEvent.setup>
}

export function renderApp(
  options: {
    handlers?: FakeHandlers
    language?: Language
    healthIntervalMs?: number
    /** The desk's idle lock (ms); by default the session's (30 minutes). */
    idleLockMs?: number
  } = {}
): RenderedApp {
  // A language given here is the staff member's own pick, so it outranks the deployment default.
  if (options.language) storeLanguage(options.language)
  const bridge = createFakeBridge(options.handlers)
  // With a fake clock on (support/fakeClock), user-event's pauses between keys move it.
  const user = userEvent.setup({ advanceTimers: advanceClockIfFake })
  const result = render(
    <App
      bridge={bridge}
      i18n={createI18n(options.language ?? 'lv')}
      healthIntervalMs={options.healthIntervalMs ?? 60_000}
      {...(options.idleLockMs === undefined ? {} : { idleLockMs: options.idleLockMs })}
    />
  )
  return { ...result, bridge, user }
}

/** Signs in through the real form, as staff would, and waits for the lookup to appear. */
export async function signIn(app: RenderedApp, labels = LV): Promise<void> {
  await app.user.type(await screen.findByLabelText(labels.username), 'agent')
  await app.user.type(screen.getByLabelText(labels.password), 'secret')
  await app.user.click(screen.getByRole('button', { name: labels.submit }))
  await screen.findByRole('combobox', { name: labels.search })
}

export const LV = {
  username: 'Lietotājvārds',
  password: 'Parole',
  submit: 'Pieslēgties',
  search: 'Meklēt klientu'
}

export const RU = {
  username: 'Имя пользователя',
  password: 'Пароль',
  submit: 'Войти',
  search: 'Найти клиента'
}

export const EN = {
  username: 'Username',
  password: 'Password',
  submit: 'Sign in',
  search: 'Search for a client'
}
