/**
 * A key rotation while the app serves: the new key added in front, reencryptTokens() run while
 * 1,000 getToken calls (some refreshing) are in flight, then the old key dropped. Over a
 * RedisStore shared by two instances, and over a FileStore.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { RedisStore } from '../../src/redis.js'
import { FileStore } from '../../src/stores/file-store.js'
import type { MerchantToken, StateStore, TokenStore } from '../../src/stores/types.js'
import type { TokenKey } from '../../src/token-encryption/token-keys.js'
import { clientOptions, type Grant, manualClock, tokenFields, useMockAlipay } from '../mocks.js'
import { REDIS_URL, useRedisTestPrefix } from '../redis/redis-test-keys.js'
import { useTemporaryDirectories } from '../stores/temporary-directories.js'
import { keyIdOf, newKey, oldKey, sealedWith } from './token-keys.js'

const { alipay } = useMockAlipay()
const { prefix } = useRedisTestPrefix()
const freshDirectory = useTemporaryDirectories()

const DAY = 24 * 60 * 60 * 1000
const MERCHANT_COUNT = 40
const CALLS = 1000
const merchants = Array.from({ length: MERCHANT_COUNT }, (_, i) => tokenFields(i + 1).auth_app_id)

type SharedStore = TokenStore & StateStore & { close(): Promise<void> }
const opened: SharedStore[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()))
})

/** The stores of one deployment: one per instance, all over the same data. */
const deployments = {
  'a RedisStore shared by two instances': async () => {
    const keyPrefix = prefix()
    return [0, 1].map(() => new RedisStore({ url: REDIS_URL, keyPrefix }))
  },
  'a FileStore': async () => [await FileStore.open({ dir: await freshDirectory() })],
}

/** Alipay rotating each merchant's pair on refresh; remembers the latest pair of each. */
function rotatingAlipay() {
  const latest = new Map<string, { access: string; refresh: string }>()
  const ownerOf = new Map<string, number>()
  let issued = 0
  alipay.tokenAnswer = async (grant: Grant) => {
    // Answered a moment later, so that refreshes are in flight while records are re-encrypted.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const n = ownerOf.get(grant.refresh_token ?? '')
    if (n === undefined) return { error: { code: '40004', subCode: 'invalid-refresh-token' } }
    const pair = {
      app_auth_token: `access-${n}-${++issued}`,
      app_refresh_token: `refresh-${n}-${issued}`,
    }
    ownerOf.set(pair.app_refresh_token, n)
    latest.set(merchants[n]!, { access: pair.app_auth_token, refresh: pair.app_refresh_token })
    return { fields: { tokens: [tokenFields(n + 1, pair)] } }
  }
  const seed = (n: number, access: string, refresh: string) => {
    ownerOf.set(refresh, n)
    latest.set(merchants[n]!, { access, refresh })
  }
  return { latest, seed }
}

describe.each(Object.entries(deployments))('key rotation over %s', (_, openStores) => {
  it('loses no call and no refresh: 1,000 getToken calls during reencryptTokens()', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1))
    const stores = await openStores()
    opened.push(...stores)
    const { latest, seed } = rotatingAlipay()
    const instance = (store: SharedStore, tokenKeys: TokenKey[]) =>
      new AppAuth({
        ...clientOptions({ clock }),
        redirectUri: 'https://isv.example/cb',
        store,
        tokenKeys,
      })

    // Before: every record under the old key, or plaintext from before keys were set.
    const underOldKey = sealedWith(stores[0]!, [oldKey])
    for (const [n, authAppId] of merchants.entries()) {
      const record: MerchantToken = {
        authAppId,
        userId: tokenFields(n + 1).user_id,
        appAuthToken: `access-${n}-seed`,
        appRefreshToken: `refresh-${n}-seed`,
        // One in four is due for refresh: those getToken calls rotate the pair meanwhile.
        expiresAt: clock.now + (n % 4 === 0 ? DAY : 300 * DAY),
        refreshExpiresAt: clock.now + 372 * DAY,
        authorizedAt: clock.now,
        updatedAt: clock.now,
        status: 'active',
        via: 'browser',
      }
      seed(n, record.appAuthToken, record.appRefreshToken)
      await (n % 2 === 0 ? underOldKey.set(record) : stores[0]!.set(record))
    }

    // The new key added in front of the old one on every instance, then the re-encryption.
    const rotating = stores.map((store) => instance(store, [newKey, oldKey]))
    const calls = Array.from({ length: CALLS }, (_, i) =>
      rotating[i % rotating.length]!.getToken(merchants[i % MERCHANT_COUNT]!),
    )
    const [report, ...results] = await Promise.allSettled([
      rotating[0]!.reencryptTokens(),
      ...calls,
    ])

    expect(results.filter((result) => result.status === 'rejected')).toEqual([])
    expect(report).toMatchObject({ status: 'fulfilled', value: { failed: 0 } })
    const { reencrypted, unchanged } = (
      report as PromiseFulfilledResult<{ reencrypted: number; unchanged: number }>
    ).value
    expect(reencrypted + unchanged).toBe(MERCHANT_COUNT)
    expect(alipay.count('refresh_token')).toBe(MERCHANT_COUNT / 4)

    // The old key dropped: every merchant reads under the new key alone, its latest pair intact.
    const after = instance(stores[0]!, [newKey])
    for (const authAppId of merchants) {
      const stored = await stores[0]!.get(authAppId)
      expect(keyIdOf(stored?.appAuthToken), authAppId).toBe('new')
      expect(keyIdOf(stored?.appRefreshToken), authAppId).toBe('new')
      const record = await after.getMerchant(authAppId)
      expect(record?.appAuthToken).toBe(latest.get(authAppId)?.access)
      expect(record?.appRefreshToken).toBe(latest.get(authAppId)?.refresh)
    }
  }, 60_000)
})
