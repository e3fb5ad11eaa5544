import { describe, expect, it } from 'vitest'
import type { EventChannel } from '../../src/shared/ipc/channels'
import { createIpcDispatcher } from '../../src/main/ipc/register'
import { createMemoryLogger } from '../../src/main/logger'
import type { EventSink, WindowControl } from '../../src/main/ports'
import { createCloseGuard } from '../../src/main/services/close-guard'
import type { CloseGuard } from '../../src/main/services/close-guard'
import { createMainServices } from '../../src/main/services/create-services'

/**
 * A window as the guard sees it: `close()` behaves like Electron's BrowserWindow.close(), which
 * fires the window's `close` event, asks the guard, and closes only if nothing prevented it.
 */
function standInWindow(getGuard: () => CloseGuard) {
  const state = { open: true, closeCalls: 0 }
  const control: WindowControl = {
    close() {
      state.closeCalls++
      if (getGuard().onCloseAttempt() === 'allow') state.open = false
    }
  }
  return { state, control }
}

function recordingSink() {
  const events: { channel: EventChannel; payload: unknown }[] = []
  const sink: EventSink = { emit: (channel, payload) => events.push({ channel, payload }) }
  return { events, sink }
}

function setupGuard() {
  const { events, sink } = recordingSink()
  // The window's close asks the guard, which is made with the window: the getter breaks the cycle.
  const window = standInWindow(() => guard)
  const guard = createCloseGuard({ events: sink, window: window.control })
  return { guard, events, window }
}

describe('the close guard', () => {
  it('lets the window close when nothing is unsaved, without asking', () => {
    const { guard, events } = setupGuard()
    expect(guard.onCloseAttempt()).toBe('allow')
    guard.setUnsavedWork(true)
    guard.setUnsavedWork(false)
    expect(guard.onCloseAttempt()).toBe('allow')
    expect(events).toEqual([])
  })

  it('keeps the window open and asks the renderer while work is unsaved, every time', () => {
    const { guard, events } = setupGuard()
    guard.setUnsavedWork(true)
    expect(guard.onCloseAttempt()).toBe('prevent')
    expect(guard.onCloseAttempt()).toBe('prevent')
    expect(events).toEqual([
      { channel: 'app:close-requested', payload: {} },
      { channel: 'app:close-requested', payload: {} }
    ])
  })

  it('closes for real after the user chose to discard, without asking again', () => {
    const { guard, events, window } = setupGuard()
    guard.setUnsavedWork(true)
    expect(guard.onCloseAttempt()).toBe('prevent')
    guard.closeWithoutAsking()
    expect(window.state).toEqual({ open: false, closeCalls: 1 })
    expect(events).toHaveLength(1)
  })

  it('guards again when new work appears after a discard that did not close', () => {
    const { sink, events } = recordingSink()
    // A window whose close goes nowhere (Electron can cancel it, e.g. a page's beforeunload).
    const guard = createCloseGuard({ events: sink, window: { close: () => {} } })
    guard.setUnsavedWork(true)
    guard.closeWithoutAsking()
    guard.setUnsavedWork(true)
    expect(guard.onCloseAttempt()).toBe('prevent')
    expect(events).toHaveLength(1)
  })

  it('starts a new window with nothing to guard once the old one closed', () => {
    const { guard, events, window } = setupGuard()
    guard.setUnsavedWork(true)
    guard.closeWithoutAsking()
    expect(window.state.open).toBe(false)
    // macOS: the app stays, a new window opens; its page has reported nothing yet.
    expect(guard.onCloseAttempt()).toBe('allow')
    expect(events).toEqual([])
  })

  it('forgets unsaved work when its page is gone, so the window can still close', () => {
    const { guard, events } = setupGuard()
    guard.setUnsavedWork(true)
    guard.forgetPage()
    expect(guard.onCloseAttempt()).toBe('allow')
    expect(events).toEqual([])
  })
})

describe('the app:unsaved-work and app:close handlers', () => {
  function setupServices() {
    const { events, sink } = recordingSink()
    const window = standInWindow(() => services.closeGuard)
    const logger = createMemoryLogger()
    const services = createMainServices({
      // Never called: these two channels need neither the API nor a session.
      apiUrl: 'http://127.0.0.1:1',
      mode: 'embedded',
      demoAccounts: [],
      version: '0.1.0',
      events: sink,
      logger,
      windowControl: window.control
    })
    return { services, events, window, dispatch: createIpcDispatcher(services.handlers, logger) }
  }

  it('asks before closing once the renderer flags unsaved work, signed in or not', async () => {
    const { services, events, dispatch } = setupServices()
    expect(await dispatch('app:unsaved-work', { unsaved: true })).toEqual({ ok: true, value: null })
    expect(services.closeGuard.onCloseAttempt()).toBe('prevent')
    expect(events).toEqual([{ channel: 'app:close-requested', payload: {} }])
    expect(await dispatch('app:unsaved-work', { unsaved: false })).toEqual({ ok: true, value: null })
    expect(services.closeGuard.onCloseAttempt()).toBe('allow')
  })

  it('app:close closes the window through the port although work is flagged', async () => {
    const { events, window, dispatch } = setupServices()
    await dispatch('app:unsaved-work', { unsaved: true })
    expect(await dispatch('app:close', undefined)).toEqual({ ok: true, value: null })
    expect(window.state).toEqual({ open: false, closeCalls: 1 })
    expect(events).toEqual([])
  })

  it('refuses malformed input at the boundary and keeps the flag as it was', async () => {
    const { services, dispatch } = setupServices()
    await dispatch('app:unsaved-work', { unsaved: true })
    for (const input of [{ unsaved: 'no' }, {}, undefined, true]) {
      expect(await dispatch('app:unsaved-work', input)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' }
      })
    }
    expect(await dispatch('app:close', { now: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' }
    })
    expect(services.closeGuard.onCloseAttempt()).toBe('prevent')
  })

  it('without a window port (E2E harness, tests) app:close is harmless', async () => {
    const logger = createMemoryLogger()
    const services = createMainServices({
      apiUrl: 'http://127.0.0.1:1',
      mode: 'embedded',
      demoAccounts: [],
      version: '0.1.0',
      events: { emit: () => {} },
      logger
    })
    const dispatch = createIpcDispatcher(services.handlers, logger)
    expect(await dispatch('app:close', undefined)).toEqual({ ok: true, value: null })
  })
})
