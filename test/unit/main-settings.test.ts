import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '../../src/server/config'
import { demoPasswordFrom } from '../../src/main/demo-password'
import { createMemoryLogger } from '../../src/main/logger'
import { startBackend } from '../../src/main/services/backend'
import {
  ApiUrlSchema,
  ConfigError,
  loadSettings,
  resolveApiTarget,
  resolveReceiptVerifyUrl
} from '../../src/main/services/settings'

const dirs: string[] = []
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop() ?? '', { recursive: true, force: true })
})

async function userData(settings?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'consent-desk-settings-'))
  dirs.push(dir)
  if (settings !== undefined) await writeFile(join(dir, 'settings.json'), settings)
  return dir
}

describe('loadSettings', () => {
  it('reads apiUrl from a valid file and keeps unknown keys', async () => {
    const dir = await userData('{ "apiUrl": "https://consent.lmt.lv/", "theme": "dark" }')
    await expect(loadSettings(join(dir, 'settings.json'), createMemoryLogger())).resolves.toEqual({
      apiUrl: 'https://consent.lmt.lv/',
      theme: 'dark'
    })
  })

  it('uses defaults silently when there is no file', async () => {
    const logger = createMemoryLogger()
    const dir = await userData()
    await expect(loadSettings(join(dir, 'settings.json'), logger)).resolves.toEqual({})
    expect(logger.entries).toEqual([])
  })

  it('ignores a file that is not JSON, with a warning naming the file', async () => {
    const logger = createMemoryLogger()
    const dir = await userData('{ apiUrl: nope')
    await expect(loadSettings(join(dir, 'settings.json'), logger)).resolves.toEqual({})
    expect(logger.entries[0]).toMatchObject({
      level: 'warn',
      message: 'Settings file is not valid JSON; using defaults',
      details: { path: join(dir, 'settings.json') }
    })
  })

  it.each([
    '{ "apiUrl": "ftp://consent.lmt.lv" }',
    '{ "apiUrl": "consent.lmt.lv" }',
    '{ "apiUrl": 42 }',
    '[]',
    'null'
  ])('ignores an invalid file %s with a warning listing the issue', async (text) => {
    const logger = createMemoryLogger()
    const dir = await userData(text)
    await expect(loadSettings(join(dir, 'settings.json'), logger)).resolves.toEqual({})
    expect(logger.entries[0]).toMatchObject({
      level: 'warn',
      message: 'Settings file is invalid; using defaults'
    })
  })

  it('ignores a file it cannot read, with a warning', async () => {
    const logger = createMemoryLogger()
    const settings = await loadSettings('/x/settings.json', logger, async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
    })
    expect(settings).toEqual({})
    expect(logger.entries[0]?.message).toBe('Settings file unreadable; using defaults')
  })
})

describe('resolveApiTarget', () => {
  it('prefers CONSENT_API_URL over the settings file', () => {
    expect(
      resolveApiTarget({ CONSENT_API_URL: 'https://env.lmt.lv' }, { apiUrl: 'https://file.lmt.lv' })
    ).toEqual({ mode: 'remote', apiUrl: 'https://env.lmt.lv' })
  })

  it('uses the settings file, else the embedded API', () => {
    expect(resolveApiTarget({}, { apiUrl: 'https://file.lmt.lv' })).toEqual({
      mode: 'remote',
      apiUrl: 'https://file.lmt.lv'
    })
    expect(resolveApiTarget({ CONSENT_API_URL: '  ' }, {})).toEqual({ mode: 'embedded' })
  })

  it('stops start-up on an invalid CONSENT_API_URL rather than falling back to demo data', () => {
    expect(() => resolveApiTarget({ CONSENT_API_URL: 'consent.lmt.lv' }, {})).toThrow(ConfigError)
    expect(() => resolveApiTarget({ CONSENT_API_URL: 'file:///etc' }, {})).toThrow(
      /CONSENT_API_URL/
    )
  })
})

describe('the API address rule: https, plain http only on loopback', () => {
  it.each([
    'https://consent.lmt.lv',
    'https://consent.lmt.lv:8443/api/',
    'HTTPS://CONSENT.LMT.LV/',
    'http://127.0.0.1:4321',
    'http://localhost:3000/',
    'HTTP://LOCALHOST:3000',
    'http://[::1]:8080/',
    'http://127.1:4321/'
  ])('accepts %s', (url) => {
    expect(ApiUrlSchema.safeParse(url).success).toBe(true)
  })

  it.each([
    'http://consent.lmt.lv',
    'HTTP://CONSENT.LMT.LV',
    'http://10.0.0.5:3000',
    'http://127.0.0.1.evil.com',
    'http://localhost.evil.com',
    'http://localhost@evil.com',
    'http://127.0.0.1@evil.com/',
    'http://localhost./',
    'http://[::2]/'
  ])('refuses %s, naming the https rule', (url) => {
    const parsed = ApiUrlSchema.safeParse(url)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toBe(
      'must use https:// (plain http:// only for localhost, 127.0.0.1 or [::1])'
    )
  })

  it.each(['https://user:secret@consent.lmt.lv', 'https://token@consent.lmt.lv'])(
    'refuses %s, which would put a credential in the start-up log',
    (url) => {
      expect(ApiUrlSchema.safeParse(url).error?.issues[0]?.message).toBe(
        'must not contain a user name or password'
      )
    }
  )

  it.each(['ftp://consent.lmt.lv', 'ws://127.0.0.1', 'consent.lmt.lv', 'javascript:alert(1)'])(
    'refuses %s with one message',
    (url) => {
      expect(ApiUrlSchema.safeParse(url).error?.issues.map((issue) => issue.message)).toEqual([
        'must be an absolute https:// URL'
      ])
    }
  )

  it('stops start-up on an http:// CONSENT_API_URL, saying why', () => {
    expect(() => resolveApiTarget({ CONSENT_API_URL: 'http://consent.lmt.lv' }, {})).toThrow(
      'CONSENT_API_URL must use https:// (plain http:// only for localhost, 127.0.0.1 or [::1]) (got "http://consent.lmt.lv")'
    )
  })

  it('ignores a settings file whose apiUrl is http://, so the token never goes out in clear', async () => {
    const logger = createMemoryLogger()
    const dir = await userData('{ "apiUrl": "http://consent.lmt.lv" }')
    await expect(loadSettings(join(dir, 'settings.json'), logger)).resolves.toEqual({})
    expect(logger.entries[0]).toMatchObject({
      level: 'warn',
      details: { issues: [expect.stringContaining('apiUrl: must use https://')] }
    })
  })

  it('holds the receipt verification page printed for clients to the same rule', () => {
    expect(() =>
      resolveReceiptVerifyUrl({ RECEIPT_VERIFY_URL: 'http://verify.lmt.lv/r' }, {})
    ).toThrow(/RECEIPT_VERIFY_URL must use https/)
  })
})

describe('startBackend', () => {
  it('starts the embedded API in <userData>/consent-data and closes it once', async () => {
    const dir = await userData()
    const close = vi.fn(async () => {})
    const startEmbedded = vi.fn(async () => ({ url: 'http://127.0.0.1:4321', close }))
    const backend = await startBackend({
      env: {},
      userDataDir: dir,
      demoPassword: 'pw',
      startEmbedded,
      logger: createMemoryLogger()
    })
    expect(backend.mode).toBe('embedded')
    await expect(backend.apiUrl).resolves.toBe('http://127.0.0.1:4321')
    expect(startEmbedded).toHaveBeenCalledWith({
      dataDir: join(dir, 'consent-data'),
      demoPassword: 'pw'
    })
    await Promise.all([backend.close(), backend.close()])
    expect(close).toHaveBeenCalledTimes(1)
  })

  it('does not start the embedded API when settings.json names a remote one', async () => {
    const dir = await userData('{ "apiUrl": "https://consent.lmt.lv" }')
    const startEmbedded = vi.fn()
    const backend = await startBackend({
      env: {},
      userDataDir: dir,
      demoPassword: 'pw',
      startEmbedded,
      logger: createMemoryLogger()
    })
    expect(backend.mode).toBe('remote')
    await expect(backend.apiUrl).resolves.toBe('https://consent.lmt.lv')
    expect(startEmbedded).not.toHaveBeenCalled()
  })

  it('falls back to the embedded API when settings.json is broken, and says so', async () => {
    const dir = await userData('not json')
    const logger = createMemoryLogger()
    const backend = await startBackend({
      env: {},
      userDataDir: dir,
      demoPassword: 'pw',
      startEmbedded: async () => ({ url: 'http://127.0.0.1:1', close: async () => {} }),
      logger
    })
    expect(backend.mode).toBe('embedded')
    expect(logger.entries.map((entry) => entry.level)).toContain('warn')
  })
})

describe('demoPasswordFrom', () => {
  it('uses DEMO_PASSWORD when set', () => {
    expect(demoPasswordFrom({ DEMO_PASSWORD: 's3cret' })).toBe('s3cret')
    expect(demoPasswordFrom({})).toBe(DEFAULT_DEMO_PASSWORD)
  })
})
