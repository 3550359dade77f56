import { describe, expect, it } from 'vitest'
import { AlipayReauthorizationRequiredError } from '../../src/errors.js'
import type { MerchantToken } from '../../src/stores/types.js'
import { useMockAlipay } from '../mocks.js'
import { createAppAuth } from './setup.js'

const { alipay } = useMockAlipay()
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )
const DAY = 24 * 60 * 60 * 1000
const MERCHANT = '2021000000000001'

function record(now: number, overrides: Partial<MerchantToken> = {}): MerchantToken {
  return {
    authAppId: MERCHANT,
    userId: '2088000000000001',
    appAuthToken: 'current-access',
    appRefreshToken: 'current-refresh',
    expiresAt: now + 365 * DAY,
    refreshExpiresAt: now + 372 * DAY,
    authorizedAt: now - DAY,
    updatedAt: now - DAY,
    status: 'active',
    via: 'browser',
    ...overrides,
  }
}

describe('getToken', () => {
  it('returns a token far from expiry without calling Alipay', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now))
    expect(await auth.getToken(MERCHANT)).toBe('current-access')
    expect(alipay.count()).toBe(0)
  })

  it('refreshes a token within refreshAheadMs of expiry and stores the rotated pair', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now, { expiresAt: clock.now + 6 * DAY }))
    const token = await auth.getToken(MERCHANT)
    expect(alipay.calls[0]?.grant).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'current-refresh',
    })
    expect(token).toBe('202501BBr1access')
    expect(await store.get(MERCHANT)).toMatchObject({
      appAuthToken: '202501BBr1access',
      appRefreshToken: '202501BBr1refresh',
      expiresAt: clock.now + 31536000_000,
      authorizedAt: clock.now - DAY,
      updatedAt: clock.now,
      status: 'active',
    })
  })

  it('shares one refresh among 100 concurrent callers', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now, { expiresAt: clock.now + 1000 }))
    const tokens = await Promise.all(Array.from({ length: 100 }, () => auth.getToken(MERCHANT)))
    expect(new Set(tokens)).toEqual(new Set(['202501BBr1access']))
    expect(alipay.count('refresh_token')).toBe(1)
  })

  it('marks the merchant as needing re-authorization when the refresh token is dead, without retrying', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40002', subCode: 'isv.refresh-token-invalid' } })
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now, { expiresAt: clock.now + 1000 }))
    const error = await reason(auth.getToken(MERCHANT))
    expect(error).toBeInstanceOf(AlipayReauthorizationRequiredError)
    expect(error).toMatchObject({ authAppId: MERCHANT, reason: 'refresh-token-dead' })
    expect((await store.get(MERCHANT))?.status).toBe('needs-reauthorization')
    expect(alipay.count()).toBe(1)
    expect(await reason(auth.getToken(MERCHANT))).toMatchObject({ reason: 'refresh-token-dead' })
    expect(alipay.count()).toBe(1)
  })

  it.each(['REFRESH_TOKEN_NOT_VALID', 'REFRESH_TOKEN_TIME_OUT', 'REFRESH_TOKEN_NOT_EXIST'])(
    'treats the v3 code %s as a dead refresh token',
    async (code) => {
      alipay.tokenAnswer = () => ({ error: { code } })
      const { auth, clock, store } = createAppAuth({ api: 'v3' })
      await store.set(record(clock.now, { expiresAt: clock.now + 1000 }))
      expect(await reason(auth.getToken(MERCHANT))).toMatchObject({ reason: 'refresh-token-dead' })
    },
  )

  it('keeps serving a still-valid token while Alipay fails to refresh it', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '20000', subCode: 'isp.unknow-error' } })
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now, { expiresAt: clock.now + DAY }))
    expect(await auth.getToken(MERCHANT)).toBe('current-access')
  })

  it('fails when the token has expired and cannot be refreshed', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '20000', subCode: 'isp.unknow-error' } })
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now, { expiresAt: clock.now - 1 }))
    expect(await reason(auth.getToken(MERCHANT))).toMatchObject({
      name: 'AlipayApiError',
      code: '20000',
    })
  })

  it.each([
    ['unknown-merchant', undefined],
    ['cancelled', 'cancelled'],
    ['refresh-token-dead', 'needs-reauthorization'],
  ] as const)('asks for re-authorization (%s)', async (expected, status) => {
    const { auth, clock, store } = createAppAuth()
    if (status) await store.set(record(clock.now, { status }))
    const error = await reason(auth.getToken(MERCHANT))
    expect(error).toMatchObject({ name: 'AlipayReauthorizationRequiredError', reason: expected })
    expect(alipay.count()).toBe(0)
  })
})

describe('refresh, query, forget, getMerchant, listMerchants', () => {
  it('refresh() refreshes a token that is not due yet', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now))
    expect((await auth.refresh(MERCHANT)).appAuthToken).toBe('202501BBr1access')
  })

  it('query() asks Alipay about the stored token', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now))
    expect(await auth.query(MERCHANT)).toMatchObject({ status: 'valid', authAppId: MERCHANT })
    expect(alipay.calls[0]?.grant).toEqual({ app_auth_token: 'current-access' })
  })

  it('forget() forgets the merchant locally', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(record(clock.now))
    await auth.forget(MERCHANT)
    expect(await auth.listMerchants()).toEqual([])
    expect(await reason(auth.getToken(MERCHANT))).toMatchObject({ reason: 'unknown-merchant' })
  })

  it('getMerchant() reads one stored record, whatever its status, without calling Alipay', async () => {
    const { auth, clock, store } = createAppAuth()
    const cancelled = record(clock.now, { status: 'cancelled' })
    await store.set(cancelled)
    expect(await auth.getMerchant(MERCHANT)).toEqual(cancelled)
    expect(await auth.getMerchant('2021000000009999')).toBeUndefined()
    expect(alipay.count()).toBe(0)
  })

  it('listMerchants({ after, limit }) gives one page in authAppId order and where the next starts', async () => {
    const { auth, clock, store } = createAppAuth()
    for (const id of ['2021000000000003', '2021000000000001', '2021000000000002']) {
      await store.set(record(clock.now, { authAppId: id }))
    }
    const first = await auth.listMerchants({ limit: 2 })
    expect(first.merchants.map((m) => m.authAppId)).toEqual([
      '2021000000000001',
      '2021000000000002',
    ])
    const second = await auth.listMerchants({ after: first.next, limit: 2 })
    expect(second).toEqual({ merchants: [record(clock.now, { authAppId: '2021000000000003' })] })
    expect(alipay.count()).toBe(0)
  })
})
