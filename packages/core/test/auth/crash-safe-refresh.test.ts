import { describe, expect, it, vi } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { AlipayError, AlipayReauthorizationRequiredError } from '../../src/errors.js'
import { MemoryStore } from '../../src/stores/memory-store.js'
import type { MerchantToken } from '../../src/stores/types.js'
import { clientOptions, manualClock, useMockAlipay } from '../mocks.js'
import { MERCHANT, recordEvents, storedMerchant as stored, USER } from './event-recorder.js'
import { createAppAuth, REDIRECT_URI } from './setup.js'

const { alipay } = useMockAlipay()
const DAY = 24 * 60 * 60_000
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

/** The process that crashed left this record; a new AppAuth starts over the same store. */
function restartOver(store: MemoryStore, clock: ReturnType<typeof manualClock>) {
  return new AppAuth({ ...clientOptions({ clock }), redirectUri: REDIRECT_URI, store })
}

describe('crash-safe refresh', () => {
  it('stores the intent before Alipay rotates the pair, and removes it with the new pair', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    let seenByAlipay: MerchantToken | undefined
    const issue = alipay.tokenAnswer
    alipay.tokenAnswer = async (grant) => {
      seenByAlipay = await store.get(MERCHANT)
      return issue(grant)
    }
    const refreshed = await auth.refresh(MERCHANT)
    expect(seenByAlipay).toMatchObject({
      appRefreshToken: '202501BBold-refresh',
      refreshStartedAt: clock.now,
    })
    expect(refreshed.appAuthToken).toBe('202501BBr1access')
    const after = await store.get(MERCHANT)
    expect(after).toMatchObject({ appAuthToken: '202501BBr1access', issuedAt: clock.now })
    expect(after).not.toHaveProperty('refreshStartedAt')
  })

  it('finishes an interrupted refresh right after start, with the old refresh token', async () => {
    const clock = manualClock()
    const store = new MemoryStore({ clock })
    const startedAt = clock.now - 5000
    await store.set(stored(clock.now, { refreshStartedAt: startedAt }))
    const auth = restartOver(store, clock)
    const events = recordEvents(auth)
    expect(await auth.finishInterruptedRefreshes()).toEqual({
      finished: 1,
      needsReauthorization: 0,
      failed: 0,
    })
    expect(alipay.calls.map((call) => call.grant)).toEqual([
      { grant_type: 'refresh_token', refresh_token: '202501BBold-refresh' },
    ])
    const after = await store.get(MERCHANT)
    expect(after).toMatchObject({ appAuthToken: '202501BBr1access', status: 'active' })
    // Expiry counts from the interrupted start: Alipay may have issued the pair then.
    expect(after?.expiresAt).toBe(startedAt + 31536000_000)
    expect(after).not.toHaveProperty('refreshStartedAt')
    expect(events.map(({ event }) => event)).toEqual(['tokenRefreshed'])
  })

  it('start() finishes an interrupted refresh in the background; construction alone asks nothing', async () => {
    const clock = manualClock()
    const store = new MemoryStore({ clock })
    await store.set(stored(clock.now, { refreshStartedAt: clock.now - 5000 }))
    const reads = vi.spyOn(store, 'listPage')
    const auth = restartOver(store, clock)
    await Promise.resolve()
    expect(reads).not.toHaveBeenCalled()
    auth.start()
    await vi.waitFor(async () =>
      expect(await store.get(MERCHANT)).toMatchObject({ appAuthToken: '202501BBr1access' }),
    )
    expect(alipay.count('refresh_token')).toBe(1)
  })

  it('start() a second time runs no second pass', async () => {
    const clock = manualClock()
    const store = new MemoryStore({ clock })
    const reads = vi.spyOn(store, 'listPage')
    const auth = restartOver(store, clock)
    auth.start()
    await auth.finishInterruptedRefreshes()
    auth.start()
    await Promise.resolve()
    expect(reads).toHaveBeenCalledTimes(1)
  })

  it('finishes an interrupted refresh before getToken hands out the token', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now, { refreshStartedAt: clock.now - 1000 }))
    expect(await auth.getToken(MERCHANT)).toBe('202501BBr1access')
    expect(alipay.count('refresh_token')).toBe(1)
  })

  it('marks the merchant when Alipay no longer answers the interrupted refresh, saying why', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40002', subCode: 'isv.refresh-token-invalid' } })
    const { auth, clock, store } = createAppAuth()
    const events = recordEvents(auth)
    await store.set(stored(clock.now, { refreshStartedAt: clock.now - 1000 }))
    const error = await failure(auth.getToken(MERCHANT))
    expect(error).toBeInstanceOf(AlipayReauthorizationRequiredError)
    expect(error).toMatchObject({ reason: 'refresh-interrupted' })
    expect((error as Error).message).toMatch(/cut short/)
    const after = await store.get(MERCHANT)
    expect(after?.status).toBe('needs-reauthorization')
    expect(after).not.toHaveProperty('refreshStartedAt')
    expect(events.find(({ event }) => event === 'reauthorizationRequired')?.payload).toMatchObject({
      authAppId: MERCHANT,
      reason: 'refresh-interrupted',
    })
    // Every later use, in this process or after a restart, gives the same reason.
    const later = await failure(restartOver(store, clock).getToken(MERCHANT))
    expect(later).toMatchObject({ reason: 'refresh-interrupted' })
    expect((later as Error).message).toMatch(/cut short/)
  })

  it('keeps the intent while Alipay is unreachable, and finishes it once Alipay answers', async () => {
    alipay.tokenAnswer = () => ({ error: { code: '40004', subCode: 'isp.unknow-error' } })
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now, { expiresAt: clock.now + DAY }))
    expect(await auth.getToken(MERCHANT)).toBe('202501BBold-access')
    expect((await store.get(MERCHANT))?.refreshStartedAt).toBe(clock.now)
    alipay.reset()
    clock.advance(1000)
    expect(await auth.getToken(MERCHANT)).toBe('202501BBr1access')
    expect(alipay.calls.at(-1)?.grant.refresh_token).toBe('202501BBold-refresh')
  })

  it('retries storing the new pair through a short store outage', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    const set = store.set.bind(store)
    let refusals = 2
    store.set = async (token) => {
      if (token.refreshStartedAt === undefined && refusals-- > 0) {
        throw new AlipayError('RedisStore: Redis is unreachable')
      }
      return set(token)
    }
    expect((await auth.refresh(MERCHANT)).appAuthToken).toBe('202501BBr1access')
    expect(await store.get(MERCHANT)).toMatchObject({ appAuthToken: '202501BBr1access' })
    expect(alipay.count('refresh_token')).toBe(1)
  })

  it('keeps the answer through a long store outage and stores it once the store is back', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    const set = store.set.bind(store)
    let storeDown = true
    store.set = async (token) => {
      if (storeDown && token.refreshStartedAt === undefined) {
        throw new AlipayError('RedisStore: Redis is unreachable')
      }
      return set(token)
    }
    await expect(auth.refresh(MERCHANT)).rejects.toThrow(/unreachable/)
    expect((await store.get(MERCHANT))?.refreshStartedAt).toBe(clock.now)
    storeDown = false
    await vi.waitFor(
      async () => expect((await store.get(MERCHANT))?.appAuthToken).toBe('202501BBr1access'),
      { timeout: 5000, interval: 50 },
    )
    expect(await store.get(MERCHANT)).not.toHaveProperty('refreshStartedAt')
    expect(alipay.count('refresh_token')).toBe(1)
    await auth.close()
  }, 20_000)

  it('keeps a stored refresh when its fleet lease cannot be given back', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    const unreachable = new AlipayError('RedisStore: Redis is unreachable')
    Object.assign(store, {
      refreshLeaseMs: 30_000,
      acquireRefreshLease: async () => ({
        fencingToken: 1,
        release: () => Promise.reject(unreachable),
      }),
      setIfFenced: async (token: MerchantToken) => {
        await store.set(token)
        return true
      },
    })
    expect((await auth.refresh(MERCHANT)).appAuthToken).toBe('202501BBr1access')
    expect((await store.get(MERCHANT))?.appAuthToken).toBe('202501BBr1access')
  })

  it('rate-limits forced refreshes: within minRefreshIntervalMs the current pair comes back', async () => {
    const { auth, clock, store } = createAppAuth({ minRefreshIntervalMs: 30_000 })
    await store.set(stored(clock.now))
    const first = await auth.refresh(MERCHANT)
    clock.advance(29_000)
    expect(await auth.refresh(MERCHANT)).toEqual(first)
    expect(alipay.count('refresh_token')).toBe(1)
    clock.advance(1000)
    expect((await auth.refresh(MERCHANT)).appAuthToken).toBe('202501BBr2access')
  })
})

describe('a token Alipay calls invalid', () => {
  const invalid = { error: { code: '20001', subCode: 'aop.invalid-app-auth-token' } }

  it('query recovers the merchant with its refresh token, then answers for the new token', async () => {
    alipay.queryAnswer = (token) =>
      token === '202501BBold-access' ? invalid : { fields: queryFields('valid') }
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    expect((await auth.query(MERCHANT)).status).toBe('valid')
    expect(alipay.count('refresh_token')).toBe(1)
    expect((await store.get(MERCHANT))?.appAuthToken).toBe('202501BBr1access')
  })

  it('query marks the merchant when its refresh token is refused too', async () => {
    alipay.queryAnswer = () => invalid
    alipay.tokenAnswer = () => ({ error: { code: '40002', subCode: 'isv.refresh-token-invalid' } })
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    expect(await failure(auth.query(MERCHANT))).toMatchObject({ reason: 'refresh-token-dead' })
    expect((await store.get(MERCHANT))?.status).toBe('needs-reauthorization')
  })

  it('concurrent reports of the same token share one check with Alipay and one refresh', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    alipay.queryAnswer = (token) =>
      token === '202501BBold-access' ? invalid : { fields: queryFields('valid') }
    const records = await Promise.all(
      Array.from({ length: 20 }, () => auth.reportInvalidToken(MERCHANT, '202501BBold-access')),
    )
    expect(new Set(records.map((record) => record.appAuthToken))).toEqual(
      new Set(['202501BBr1access']),
    )
    expect(alipay.count('refresh_token')).toBe(1)
    const checks = alipay.calls.filter((call) => call.params.biz_content?.includes('old-access'))
    expect(checks).toHaveLength(1)
  })

  it('reportInvalidToken recovers only a token that is still stored and that Alipay refuses', async () => {
    const { auth, clock, store } = createAppAuth()
    await store.set(stored(clock.now))
    // Alipay says the token is fine: nothing to recover.
    expect((await auth.reportInvalidToken(MERCHANT, '202501BBold-access')).appAuthToken).toBe(
      '202501BBold-access',
    )
    alipay.queryAnswer = (token) =>
      token === '202501BBold-access' ? invalid : { fields: queryFields('valid') }
    const recovered = await auth.reportInvalidToken(MERCHANT, '202501BBold-access')
    expect(recovered.appAuthToken).toBe('202501BBr1access')
    // A late report about the replaced token changes nothing.
    expect(await auth.reportInvalidToken(MERCHANT, '202501BBold-access')).toEqual(recovered)
    expect(alipay.count('refresh_token')).toBe(1)
  })
})

function queryFields(status: string) {
  return {
    user_id: USER,
    auth_app_id: MERCHANT,
    expires_in: '31536000',
    auth_methods: [],
    status,
  }
}
