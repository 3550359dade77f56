import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { AlipayReauthorizationRequiredError } from '../../src/errors.js'
import { RedisStore } from '../../src/redis.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import {
  type Answer,
  clientOptions,
  manualClock,
  tokenFields,
  tokenPair,
  useMockAlipay,
} from '../mocks.js'
import { REDIS_URL, useRedisTestPrefix } from './redis-test-keys.js'

const { alipay } = useMockAlipay()
const { prefix } = useRedisTestPrefix()

const DAY = 24 * 60 * 60_000
const LEASE_MS = 30_000
/** The merchant app the mock issues tokens for. */
const MERCHANT = tokenFields(1).auth_app_id

/** Two instances of one ISV app: each its own AppAuth and Redis connection, one Redis. */
describe('refresh across several instances sharing a RedisStore', () => {
  const clock = manualClock(Date.UTC(2026, 0, 1))
  let stores: RedisStore[]
  let instances: AppAuth[]

  beforeEach(async () => {
    const keyPrefix = prefix()
    stores = [0, 1].map(
      () => new RedisStore({ url: REDIS_URL, keyPrefix, clock, refreshLeaseMs: LEASE_MS }),
    )
    instances = stores.map(
      (store) =>
        new AppAuth({ ...clientOptions({ clock }), redirectUri: 'https://isv.example/cb', store }),
    )
    // Expires in 2 days: inside the default 7-day refresh window.
    await stores[0]!.set(sampleMerchantToken(MERCHANT, { expiresAt: clock.now + 2 * DAY }))
  })

  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()))
  })

  const [a, b] = [0, 1]
  const storedToken = async () => (await stores[a]!.get(MERCHANT))?.appAuthToken

  /**
   * The first refresh stalls past its lease while the other instance takes over and refreshes
   * (answered with the 'successor' pair); then the stalled one gets `staleAnswer`.
   */
  const answerStaleHolderWith = (staleAnswer: Answer) => {
    let first = true
    alipay.tokenAnswer = async () => {
      if (!first) return { fields: { tokens: [tokenFields(1, tokenPair('successor'))] } }
      first = false
      clock.advance(LEASE_MS)
      await instances[b]!.getToken(MERCHANT)
      return staleAnswer
    }
  }

  it('sends one refresh to Alipay for 40 concurrent getToken calls and gives all of them the new token', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 40 }, (_, i) => instances[i % 2]!.getToken(MERCHANT)),
    )
    expect(alipay.count('refresh_token')).toBe(1)
    expect(new Set(tokens)).toEqual(new Set([await storedToken()]))
    expect(tokens[0]).not.toBe(sampleMerchantToken(MERCHANT).appAuthToken)
  })

  it('waits for the instance holding the lease and returns the token it writes, without calling Alipay', async () => {
    const lease = await stores[a]!.acquireRefreshLease(MERCHANT)
    const waiting = instances[b]!.getToken(MERCHANT)
    const written = sampleMerchantToken(MERCHANT, { appAuthToken: 'written-by-holder' })
    await stores[a]!.setIfFenced(written, lease?.fencingToken ?? 0)
    await lease?.release()
    expect(await waiting).toBe('written-by-holder')
    expect(alipay.count()).toBe(0)
  })

  it('takes over the refresh once a crashed holder’s lease has expired', async () => {
    await stores[a]!.acquireRefreshLease(MERCHANT) // the holder dies without releasing
    const waiting = instances[b]!.getToken(MERCHANT)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(alipay.count()).toBe(0)
    clock.advance(LEASE_MS)
    const token = await waiting
    expect(alipay.count('refresh_token')).toBe(1)
    expect(token).toBe(await storedToken())
  })

  it('refuses the write of a holder whose lease was taken over, and gives it the successor’s token', async () => {
    answerStaleHolderWith({ fields: { tokens: [tokenFields(1, tokenPair('stale'))] } })
    expect(await instances[a]!.getToken(MERCHANT)).toBe(tokenPair('successor').app_auth_token)
    expect(await storedToken()).toBe(tokenPair('successor').app_auth_token)
  })

  it('does not mark the merchant dead when a stale holder’s refresh token was already spent by its successor', async () => {
    answerStaleHolderWith({ error: { code: '40002', subCode: 'isv.refresh-token-invalid' } })
    expect(await instances[a]!.getToken(MERCHANT)).toBe(tokenPair('successor').app_auth_token)
    expect((await stores[a]!.get(MERCHANT))?.status).toBe('active')
  })

  it('keeps a cancellation that arrives while a refresh is in flight', async () => {
    alipay.tokenAnswer = async () => {
      const current = await stores[b]!.get(MERCHANT)
      if (current) await stores[b]!.set({ ...current, status: 'cancelled' })
      return { fields: { tokens: [tokenFields(1)] } }
    }
    await expect(instances[a]!.refresh(MERCHANT)).rejects.toBeInstanceOf(
      AlipayReauthorizationRequiredError,
    )
    expect((await stores[a]!.get(MERCHANT))?.status).toBe('cancelled')
  })
})
