import { describe, expect, it } from 'vitest'
import { AlipayConfigError } from '../../src/errors.js'
import { APP_ID, appKeys, useMockAlipay } from '../mocks.js'
import { createAppAuth, REDIRECT_URI } from './setup.js'

useMockAlipay()

describe('authorizeUrl', () => {
  it('points at the consent page with app_id, redirect_uri and a fresh state of at least 128 bits', async () => {
    const { auth } = createAppAuth({ gateway: undefined })
    const first = await auth.authorizeUrl()
    const second = await auth.authorizeUrl()
    const url = new URL(first.url)
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://openauth.alipay.com/oauth2/appToAppAuth.htm',
    )
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_id: APP_ID,
      redirect_uri: REDIRECT_URI,
      state: first.state,
    })
    expect(Buffer.from(first.state, 'base64url').length).toBeGreaterThanOrEqual(16)
    expect(Buffer.from(first.browserBinding, 'base64url').length).toBeGreaterThanOrEqual(16)
    expect(second.state).not.toBe(first.state)
    expect(second.browserBinding).not.toBe(first.browserBinding)
  })

  it('uses the sandbox consent page in the sandbox', async () => {
    const { auth } = createAppAuth({ gateway: undefined, environment: 'sandbox' })
    expect((await auth.authorizeUrl()).url).toMatch(
      /^https:\/\/openauth-sandbox\.dl\.alipaydev\.com\/oauth2\/appToAppAuth\.htm\?/,
    )
  })

  it('follows a custom gateway (the emulator) unless authUrl is given', async () => {
    const emulator = createAppAuth({ gateway: 'http://127.0.0.1:9300/gateway.do' }).auth
    expect((await emulator.authorizeUrl()).url).toMatch(
      /^http:\/\/127\.0\.0\.1:9300\/oauth2\/appToAppAuth\.htm\?/,
    )
    const custom = createAppAuth({ authUrl: 'http://127.0.0.1:9400/oauth2/appToAppAuth.htm' }).auth
    expect((await custom.authorizeUrl()).url).toMatch(/^http:\/\/127\.0\.0\.1:9400\//)
  })

  it('uses the batch page with application_type when application types are asked for', async () => {
    const { auth } = createAppAuth({ gateway: undefined })
    const url = new URL((await auth.authorizeUrl({ applicationTypes: ['WEBAPP', 'TINYAPP'] })).url)
    expect(url.pathname).toBe('/oauth2/appToAppBatchAuth.htm')
    expect(url.searchParams.get('application_type')).toBe('WEBAPP,TINYAPP')
  })
})

describe('AppAuth options', () => {
  it.each([
    ['redirectUri', { redirectUri: 'not a url' }],
    ['appId', { appId: '' }],
    ['alipayPublicKey', { alipayPublicKey: undefined }],
    ['alipayPublicKey', { alipayPublicKey: appKeys.privateKey }],
    ['timeoutMs', { timeoutMs: -1 }],
    ['stateTtlMs', { stateTtlMs: Number.NaN }],
    ['encryptKey', { encryptKey: 'short' }],
  ])('names the bad option %s', (name, change) => {
    const build = () => createAppAuth(change)
    expect(build).toThrow(AlipayConfigError)
    expect(build).toThrow(name)
  })
})
