import { toPem } from '@alipay-isv/core'
import { testKeyPair } from '@alipay-isv/core/testing'
import { describe, expect, it } from 'vitest'
import { readExampleConfig } from '../src/config.js'

const { privateKey, publicKey } = testKeyPair('app')
const valid = {
  ALIPAY_APP_ID: '2021000000000001',
  ALIPAY_PRIVATE_KEY: toPem(privateKey),
  ALIPAY_PUBLIC_KEY: toPem(publicKey),
}

describe('readExampleConfig', () => {
  it('defaults to 127.0.0.1:3000 with the callback at /alipay/callback and production Alipay', () => {
    const config = readExampleConfig(valid, '/srv/app')
    expect(config.alipay.redirectUri).toBe('http://127.0.0.1:3000/alipay/callback')
    expect(config.alipay.gateway).toBeUndefined()
    expect(config.dataDir).toBe('/srv/app/.alipay-data')
  })

  it('accepts invitation callbacks unless ALIPAY_INVITES is off', () => {
    expect(readExampleConfig(valid).invites).toBe(true)
    expect(readExampleConfig({ ...valid, ALIPAY_INVITES: 'off' }).invites).toBe(false)
    expect(readExampleConfig({ ...valid, ALIPAY_INVITES: 'FALSE' }).invites).toBe(false)
    expect(readExampleConfig({ ...valid, ALIPAY_INVITES: 'on' }).invites).toBe(true)
  })

  it('opens the store with repair only when ALIPAY_STORE_REPAIR is on', () => {
    expect(readExampleConfig(valid).storeRepair).toBe(false)
    expect(readExampleConfig({ ...valid, ALIPAY_STORE_REPAIR: '1' }).storeRepair).toBe(true)
    expect(() => readExampleConfig({ ...valid, ALIPAY_STORE_REPAIR: 'please' })).toThrow(
      'ALIPAY_STORE_REPAIR must be on or off; got "please".',
    )
  })

  it('rotates a pair at most once a minute unless ALIPAY_MIN_REFRESH_INTERVAL_MS says otherwise', () => {
    expect(readExampleConfig(valid).alipay.minRefreshIntervalMs).toBe(60_000)
    const interval = (value: string) =>
      readExampleConfig({ ...valid, ALIPAY_MIN_REFRESH_INTERVAL_MS: value }).alipay
        .minRefreshIntervalMs
    expect(interval('0')).toBe(0)
    expect(interval('5000')).toBe(5000)
    for (const bad of ['-1', '1.5', '1m', '86400001']) {
      expect(() => interval(bad)).toThrow(
        `ALIPAY_MIN_REFRESH_INTERVAL_MS must be a whole number from 0 to 86400000; got "${bad}".`,
      )
    }
  })

  it('generates a cookie secret with a warning when ALIPAY_COOKIE_SECRET is absent', () => {
    const config = readExampleConfig(valid)
    expect(config.cookieSecret.length).toBeGreaterThanOrEqual(32)
    expect(config.warnings.join()).toContain('ALIPAY_COOKIE_SECRET is not set')
  })

  it('accepts a PEM key written on one line with \\n escapes, as .env files hold them', () => {
    const oneLine = toPem(privateKey).replaceAll('\n', '\\n')
    expect(() => readExampleConfig({ ...valid, ALIPAY_PRIVATE_KEY: oneLine })).not.toThrow()
  })

  it.each([
    [{ ALIPAY_APP_ID: '' }, 'ALIPAY_APP_ID is not set'],
    [{ ALIPAY_PRIVATE_KEY_FILE: '/x' }, 'Both ALIPAY_PRIVATE_KEY and ALIPAY_PRIVATE_KEY_FILE'],
    [
      { ALIPAY_PUBLIC_KEY: undefined, ALIPAY_PUBLIC_KEY_FILE: '/nowhere/key.pem' },
      'ALIPAY_PUBLIC_KEY_FILE=/nowhere/key.pem cannot be read (ENOENT)',
    ],
    [{ ALIPAY_PUBLIC_KEY: toPem(privateKey) }, 'ALIPAY_PUBLIC_KEY is a PEM "PRIVATE KEY" block'],
    [
      { ALIPAY_GATEWAY: 'http://127.0.0.1:9300/' },
      'ALIPAY_GATEWAY must be the v2 gateway URL, ending in /gateway.do',
    ],
    [{ ALIPAY_AUTH_URL: 'openauth.alipay.com' }, 'ALIPAY_AUTH_URL must be an http(s) URL'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    [{ PORT: '0' }, 'ALIPAY_REDIRECT_URI is needed when PORT=0'],
    [{ ALIPAY_COOKIE_SECRET: 'short' }, 'ALIPAY_COOKIE_SECRET must be at least 32 characters'],
    [{ ALIPAY_INVITES: 'maybe' }, 'ALIPAY_INVITES must be on or off; got "maybe"'],
  ])('refuses %o, naming the variable', (override, message) => {
    expect(() => readExampleConfig({ ...valid, ...override })).toThrow(message)
  })

  it('is in development mode only with NODE_ENV=development, and names the emulator from MOCK_ALIPAY_URL', () => {
    expect(readExampleConfig(valid).development).toBe(false)
    expect(readExampleConfig({ ...valid, NODE_ENV: 'production' }).development).toBe(false)
    expect(readExampleConfig({ ...valid, NODE_ENV: 'development' }).development).toBe(true)
    expect(readExampleConfig(valid).emulatorUrl).toBeUndefined()
    expect(
      readExampleConfig({ ...valid, MOCK_ALIPAY_URL: 'http://127.0.0.1:9300/' }).emulatorUrl,
    ).toBe('http://127.0.0.1:9300')
  })
})
