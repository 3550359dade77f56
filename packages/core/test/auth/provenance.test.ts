import { describe, expect, it } from 'vitest'
import type { MerchantToken } from '../../src/stores/types.js'
import { AUTH_TIME, authorizationNotify, tokenFields, tokenPair, useMockAlipay } from '../mocks.js'
import { createAppAuth, startFlow } from './setup.js'

useMockAlipay()
const DAY = 24 * 60 * 60_000
const MERCHANT = tokenFields(1).auth_app_id
const CONTEXT = { tenant: 'acme', seats: [3, 5] }

/** A record of MERCHANT authorized through an invitation a day before AUTH_TIME, with a context. */
function invited(overrides: Partial<MerchantToken> = {}): MerchantToken {
  return {
    authAppId: MERCHANT,
    userId: tokenFields(1).user_id,
    appAuthToken: 'stored-access',
    appRefreshToken: 'stored-refresh',
    expiresAt: AUTH_TIME + DAY,
    refreshExpiresAt: AUTH_TIME + 8 * DAY,
    authorizedAt: AUTH_TIME - DAY,
    updatedAt: AUTH_TIME - DAY,
    status: 'active',
    via: 'invite',
    context: CONTEXT,
    ...overrides,
  }
}

describe('via and context on merchant records', () => {
  it('stores a merchant authorized in the browser as via "browser"', async () => {
    const { auth, store } = createAppAuth()
    const { query, browserBinding } = await startFlow(auth)
    const { merchants } = await auth.handleCallback(query, browserBinding)
    expect(merchants[0]?.via).toBe('browser')
    expect(await store.get(merchants[0]?.authAppId ?? '')).toMatchObject({ via: 'browser' })
  })

  it('completes a QR state without the browser binding, storing via "qr" and its context', async () => {
    const { auth } = createAppAuth()
    const { state } = await auth.startQrAuthorization({
      path: '/alipay/authorize/qr',
      context: CONTEXT,
    })
    const query = { app_id: auth.appId, source: 'alipay_app_auth', app_auth_code: 'code-1', state }
    const { merchants } = await auth.handleCallback(query, undefined)
    expect(merchants[0]).toMatchObject({ via: 'qr', context: CONTEXT })
  })

  it('keeps via and context when the token is refreshed', async () => {
    const { auth, store } = createAppAuth()
    await store.set(invited())
    const refreshed = await auth.refresh(MERCHANT)
    expect(refreshed.appRefreshToken).not.toBe('stored-refresh')
    expect(await store.get(MERCHANT)).toMatchObject({ via: 'invite', context: CONTEXT })
  })

  it('stores a merchant first seen through a notification as via "notification", without context', async () => {
    const { auth, store } = createAppAuth()
    await auth.handleNotify(authorizationNotify(1))
    const record = await store.get(MERCHANT)
    expect(record?.via).toBe('notification')
    expect(record).not.toHaveProperty('context')
  })

  it('keeps via and context when a newer authorization notification replaces the tokens', async () => {
    const { auth, store } = createAppAuth()
    await store.set(invited())
    await auth.handleNotify(authorizationNotify(1))
    expect(await store.get(MERCHANT)).toMatchObject({
      appAuthToken: tokenPair('1').app_auth_token,
      authorizedAt: AUTH_TIME,
      via: 'invite',
      context: CONTEXT,
    })
  })
})
