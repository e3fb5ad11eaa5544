import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD, defaultDataDir, loadConfig } from '../../src/server/config'
import { generateKeyset } from '../../src/server/receipts/signing-keys'

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({ XDG_DATA_HOME: '/data' })
    expect(config).toEqual({
      databaseUrl: undefined,
      dataDir: defaultDataDir({ XDG_DATA_HOME: '/data' }),
      port: 8080,
      host: '127.0.0.1',
      demoPassword: DEFAULT_DEMO_PASSWORD,
      sessionTtlMinutes: 480,
      sessionIdleMinutes: 30,
      rateLimits: {
        staffReadsPerMinute: 300,
        integrationReadsPerMinute: 1200,
        signInsPerMinutePerSource: 30
      },
      signInMaxFailuresPerSource: 30,
      reviewLeaseMinutes: 15,
      trustedProxies: [],
      logLevel: 'info',
      receiptSigningKey: { kind: 'none' }
    })
    expect(DEFAULT_DEMO_PASSWORD).toBe('demo-2026')
  })

  it('reads the receipt signing keyset from a file path or an env value, not both', async () => {
    expect(loadConfig({ RECEIPT_SIGNING_KEY_FILE: '/etc/consent/keys.json' })).toMatchObject({
      receiptSigningKey: { kind: 'file', path: '/etc/consent/keys.json' }
    })
    const json = JSON.stringify(await generateKeyset(new Date('2026-12-01T00:00:00Z')))
    expect(loadConfig({ RECEIPT_SIGNING_KEY: json })).toMatchObject({
      receiptSigningKey: { kind: 'value', json }
    })
    expect(() => loadConfig({ RECEIPT_SIGNING_KEY: '{"active":"x"}' })).toThrow(
      /RECEIPT_SIGNING_KEY: is not a receipt signing keyset/
    )
    expect(() =>
      loadConfig({ RECEIPT_SIGNING_KEY: json, RECEIPT_SIGNING_KEY_FILE: '/etc/keys.json' })
    ).toThrow(/both set/)
  })

  it('reads every variable, treating empty ones as unset', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://consent@db.internal:5432/consent',
      CONSENT_DATA_DIR: '/srv/consent',
      PORT: '9000',
      HOST: '0.0.0.0',
      DEMO_PASSWORD: '',
      SESSION_TTL_MINUTES: '60',
      REVIEW_LEASE_MINUTES: '30',
      LOG_LEVEL: 'warn'
    })
    expect(config).toMatchObject({
      databaseUrl: 'postgres://consent@db.internal:5432/consent',
      dataDir: '/srv/consent',
      port: 9000,
      host: '0.0.0.0',
      demoPassword: DEFAULT_DEMO_PASSWORD,
      sessionTtlMinutes: 60,
      reviewLeaseMinutes: 30,
      logLevel: 'warn'
    })
  })

  it('takes the trusted proxies as addresses and CIDR ranges, and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,fd00::/8 ,::1' })).toMatchObject({
      trustedProxies: ['10.0.0.0/8', '192.168.1.5', 'fd00::/8', '::1']
    })
    for (const bad of [
      'true',
      '*',
      '10.0.0.0/33',
      '::/129',
      '10.0.0/8',
      '10.0.0.1/8/1',
      'a,',
      'proxy.lan'
    ]) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(
        /TRUST_PROXY\.\d+: is not an IP address or CIDR range/
      )
    }
  })

  it('names every invalid variable', () => {
    expect(() =>
      loadConfig({
        DATABASE_URL: 'mysql://x',
        PORT: 'eighty',
        REVIEW_LEASE_MINUTES: '0',
        LOG_LEVEL: 'loud'
      })
    ).toThrow(/DATABASE_URL[\s\S]*PORT[\s\S]*REVIEW_LEASE_MINUTES[\s\S]*LOG_LEVEL/)
  })
})

describe('defaultDataDir', () => {
  it('follows each platform’s per-user data folder', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/home/u/.data' }, 'linux')).toBe(
      '/home/u/.data/consent-desk/data'
    )
    expect(defaultDataDir({}, 'linux')).toMatch(/\/\.local\/share\/consent-desk\/data$/)
    expect(defaultDataDir({}, 'darwin')).toMatch(
      /\/Library\/Application Support\/consent-desk\/data$/
    )
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32')).toMatch(
      /^C:\/Users\/u\/AppData\/Roaming.consent-desk.data$/
    )
  })
})
