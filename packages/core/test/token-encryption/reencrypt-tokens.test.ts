import { describe, expect, it } from 'vitest'
import { AlipayConfigError } from '../../src/errors.js'
import { MemoryStore } from '../../src/stores/memory-store.js'
import type { MerchantToken } from '../../src/stores/types.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { createAppAuth } from '../auth/setup.js'
import { useMockAlipay } from '../mocks.js'
import { pausingAfterRead } from './pause-after-read.js'
import { keyIdOf, newKey, oldKey, sealedWith } from './token-keys.js'

useMockAlipay()
const MERCHANTS = ['2021000000000001', '2021000000000002', '2021000000000003']

const StoreWithPause = pausingAfterRead(MemoryStore)

/**
 * A store that acknowledges late: while `holding`, each write waits in `pending` until the test
 * lands it, so writes can land in another order than they were made (as with several
 * connections).
 */
class LateLandingStore extends MemoryStore {
  holding = false
  readonly pending: Array<{ token: MerchantToken; land: () => void }> = []

  override async set(token: MerchantToken): Promise<void> {
    if (this.holding) {
      await new Promise<void>((land) => this.pending.push({ token, land }))
    }
    await super.set(token)
  }
}

/** An AppAuth over `store`, which holds one merchant under the old key; refreshes not limited. */
async function underOldKey(store: MemoryStore) {
  const { auth } = createAppAuth({ store, tokenKeys: [newKey, oldKey], minRefreshIntervalMs: 0 })
  const merchant = MERCHANTS[0]!
  await sealedWith(store, [oldKey]).set(sampleMerchantToken(merchant))
  return { auth, merchant }
}

const ticks = async (count: number, until: () => boolean) => {
  for (let i = 0; i < count && !until(); i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('reencryptTokens', () => {
  it('rewrites plaintext records and those under an older key under the first key', async () => {
    const { auth, store } = createAppAuth({ tokenKeys: [newKey, oldKey] })
    const [plain, old, current] = MERCHANTS.map((id) => sampleMerchantToken(id)) as [
      MerchantToken,
      MerchantToken,
      MerchantToken,
    ]
    await store.set(plain)
    await sealedWith(store, [oldKey]).set(old)
    await sealedWith(store, [newKey]).set(current)
    const currentBefore = await store.get(current.authAppId)

    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 2, unchanged: 1, failed: 0 })
    for (const merchant of [plain, old, current]) {
      const stored = await store.get(merchant.authAppId)
      expect(keyIdOf(stored?.appAuthToken)).toBe('new')
      expect(keyIdOf(stored?.appRefreshToken)).toBe('new')
      expect(await auth.getMerchant(merchant.authAppId)).toEqual(merchant)
    }
    expect(await store.get(current.authAppId)).toEqual(currentBefore)
  })

  it('finds nothing to do when run again', async () => {
    const { auth, store } = createAppAuth({ tokenKeys: [newKey, oldKey] })
    for (const id of MERCHANTS) await sealedWith(store, [oldKey]).set(sampleMerchantToken(id))
    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 3, unchanged: 0, failed: 0 })
    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 0, unchanged: 3, failed: 0 })
  })

  it('counts a record under a key it does not hold as failed, leaves it, and does the rest', async () => {
    const { auth, store } = createAppAuth({ tokenKeys: [newKey] })
    const [unreadable, ...readable] = MERCHANTS
    await sealedWith(store, [oldKey]).set(sampleMerchantToken(unreadable!))
    for (const id of readable) await store.set(sampleMerchantToken(id))
    const before = await store.get(unreadable!)

    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 2, unchanged: 0, failed: 1 })
    expect(await store.get(unreadable!)).toEqual(before)
  })

  it('refuses to run without tokenKeys, saying how to make a key', async () => {
    const { auth } = createAppAuth()
    const running = auth.reencryptTokens()
    await expect(running).rejects.toThrow(AlipayConfigError)
    await expect(running).rejects.toThrow(/openssl rand -base64 32/)
  })

  it('never writes back a pair read while a refresh was still storing, however the store orders writes', async () => {
    const store = new LateLandingStore()
    const { auth, merchant } = await underOldKey(store)
    store.holding = true
    const refreshing = auth.refresh(merchant)
    await ticks(100_000, () => store.pending.length === 1)
    const [intent] = store.pending.splice(0)
    // The store still holds the pair under the old key: a re-encryption may read it now, but
    // must not write it back once the refresh has stored its new pair.
    const reencrypting = auth.reencryptTokens()
    await ticks(50, () => store.pending.length === 1)
    const early = store.pending.splice(0)
    intent?.land()
    await ticks(100_000, () => store.pending.length === 1)
    const [renewed] = store.pending.splice(0)
    renewed?.land()
    for (const write of early) write.land()
    store.holding = false
    const refreshed = await refreshing
    expect(await reencrypting).toEqual({ reencrypted: 0, unchanged: 1, failed: 0 })
    expect(refreshed.appAuthToken).not.toBe(sampleMerchantToken(merchant).appAuthToken)
    expect(await auth.getMerchant(merchant)).toEqual(refreshed)
  })

  it('never writes back a pair read before a refresh stored a new one', async () => {
    const store = new StoreWithPause()
    const { auth, merchant } = await underOldKey(store)
    let refreshed: MerchantToken | undefined
    store.meanwhile = async () => {
      refreshed = await auth.refresh(merchant)
    }

    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 0, unchanged: 1, failed: 0 })
    expect(refreshed?.appAuthToken).toBe('202501BBr1access')
    expect(await auth.getMerchant(merchant)).toEqual(refreshed)
  })
})
