import { describe, expect, it } from 'vitest'
import { AlipayConfigError } from '../../src/errors.js'
import { MemoryStore } from '../../src/stores/memory-store.js'
import type { MerchantToken } from '../../src/stores/types.js'
import { createAppAuth } from '../auth/setup.js'
import { useMockAlipay } from '../mocks.js'
import { keyIdOf, newKey, oldKey, sealedWith } from './token-keys.js'

useMockAlipay()
const DAY = 24 * 60 * 60 * 1000
const MERCHANTS = ['2021000000000001', '2021000000000002', '2021000000000003']

function record(authAppId: string, now: number): MerchantToken {
  return {
    authAppId,
    userId: '2088000000000001',
    appAuthToken: `access-of-${authAppId}`,
    appRefreshToken: `refresh-of-${authAppId}`,
    expiresAt: now + 365 * DAY,
    refreshExpiresAt: now + 372 * DAY,
    authorizedAt: now - DAY,
    updatedAt: now - DAY,
    status: 'active',
    via: 'browser',
  }
}

/** A MemoryStore that runs `meanwhile` once, after its next read and before answering it. */
class StoreWithPause extends MemoryStore {
  meanwhile: (() => Promise<unknown>) | undefined

  override async get(authAppId: string): Promise<MerchantToken | undefined> {
    const read = await super.get(authAppId)
    const meanwhile = this.meanwhile
    this.meanwhile = undefined
    await meanwhile?.()
    return read
  }
}

describe('reencryptTokens', () => {
  it('rewrites plaintext records and those under an older key under the first key', async () => {
    const { auth, clock, store } = createAppAuth({ tokenKeys: [newKey, oldKey] })
    const [plain, old, current] = MERCHANTS.map((id) => record(id, clock.now)) as [
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
    const { auth, clock, store } = createAppAuth({ tokenKeys: [newKey, oldKey] })
    for (const id of MERCHANTS) await sealedWith(store, [oldKey]).set(record(id, clock.now))
    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 3, unchanged: 0, failed: 0 })
    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 0, unchanged: 3, failed: 0 })
  })

  it('counts a record under a key it does not hold as failed, leaves it, and does the rest', async () => {
    const { auth, clock, store } = createAppAuth({ tokenKeys: [newKey] })
    const [unreadable, ...readable] = MERCHANTS
    await sealedWith(store, [oldKey]).set(record(unreadable!, clock.now))
    for (const id of readable) await store.set(record(id, clock.now))
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

  it('never writes back a pair read before a refresh stored a new one', async () => {
    const store = new StoreWithPause()
    const { auth, clock } = createAppAuth({
      store,
      tokenKeys: [newKey, oldKey],
      minRefreshIntervalMs: 0,
    })
    const merchant = MERCHANTS[0]!
    await sealedWith(store, [oldKey]).set(record(merchant, clock.now))
    let refreshed: MerchantToken | undefined
    store.meanwhile = async () => {
      refreshed = await auth.refresh(merchant)
    }

    expect(await auth.reencryptTokens()).toEqual({ reencrypted: 0, unchanged: 1, failed: 0 })
    expect(refreshed?.appAuthToken).toBe('202501BBr1access')
    expect(await auth.getMerchant(merchant)).toEqual(refreshed)
  })
})
