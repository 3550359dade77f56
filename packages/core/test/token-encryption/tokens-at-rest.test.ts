import { describe, expect, it } from 'vitest'
import { AlipayTokenKeyError } from '../../src/errors.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { sealTokenStore } from '../../src/token-encryption/coordinated-sealed-token-store.js'
import { TokenCipher } from '../../src/token-encryption/token-cipher.js'
import { resolveTokenKeys } from '../../src/token-encryption/token-keys.js'
import { createAppAuth } from '../auth/setup.js'
import { cancellationNotify, useMockAlipay } from '../mocks.js'
import { keyIdOf, newKey, oldKey, sealedWith } from './token-keys.js'

const { alipay } = useMockAlipay()
const DAY = 24 * 60 * 60 * 1000
const MERCHANT = '2021000000000001'
const OTHER_MERCHANT = '2021000000000002'

/** What `promise` rejected with. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('resolved'),
    (error: unknown) => error,
  )

describe('tokens at rest with tokenKeys', () => {
  it('hands the store ciphertext under the first key, and getToken the token', async () => {
    const { auth, store } = createAppAuth({ tokenKeys: [newKey, oldKey] })
    await sealedWith(store, [newKey]).set(sampleMerchantToken(MERCHANT))

    const stored = await store.get(MERCHANT)
    expect(keyIdOf(stored?.appAuthToken)).toBe('new')
    expect(keyIdOf(stored?.appRefreshToken)).toBe('new')
    expect(JSON.stringify(stored)).not.toContain('202601BB')
    expect(await auth.getToken(MERCHANT)).toBe(`202601BB${MERCHANT}`)
    expect(await auth.getMerchant(MERCHANT)).toEqual(sampleMerchantToken(MERCHANT))
  })

  it('encrypts each value with a fresh nonce: the same token twice stores differently', async () => {
    const { store } = createAppAuth({ tokenKeys: [newKey] })
    const sealed = sealedWith(store, [newKey])
    await sealed.set(sampleMerchantToken(MERCHANT))
    const first = (await store.get(MERCHANT))?.appAuthToken
    await sealed.set(sampleMerchantToken(MERCHANT))
    expect((await store.get(MERCHANT))?.appAuthToken).not.toBe(first)
  })

  it('changes nothing of the record but its two tokens', async () => {
    const { clock, store } = createAppAuth({ tokenKeys: [newKey] })
    const plain = sampleMerchantToken(MERCHANT, {
      context: { tenant: 'acme' },
      issuedAt: clock.now,
    })
    await sealedWith(store, [newKey]).set(plain)
    const { appAuthToken, appRefreshToken, ...rest } = (await store.get(MERCHANT))!
    const { appAuthToken: _a, appRefreshToken: _r, ...plainRest } = plain
    expect(rest).toEqual(plainRest)
  })

  it('writes a rotated pair encrypted', async () => {
    const { auth, clock, store } = createAppAuth({ tokenKeys: [newKey] })
    await sealedWith(store, [newKey]).set(sampleMerchantToken(MERCHANT, { expiresAt: clock.now }))
    expect(await auth.getToken(MERCHANT)).toBe('202501BBr1access')
    expect(alipay.calls[0]?.grant.refresh_token).toBe(`202601BB${MERCHANT}refresh`)
    const stored = await store.get(MERCHANT)
    expect(keyIdOf(stored?.appAuthToken)).toBe('new')
    expect(JSON.stringify(stored)).not.toContain('202501BB')
  })

  it('reads a record stored before keys were set, and encrypts it at its next write', async () => {
    const { auth, clock, store } = createAppAuth({ tokenKeys: [newKey] })
    await store.set(sampleMerchantToken(MERCHANT, { expiresAt: clock.now + DAY }))
    expect(await auth.getMerchant(MERCHANT)).toEqual(
      sampleMerchantToken(MERCHANT, { expiresAt: clock.now + DAY }),
    )
    expect(await auth.getToken(MERCHANT)).toBe('202501BBr1access')
    expect(alipay.calls[0]?.grant.refresh_token).toBe(`202601BB${MERCHANT}refresh`)
    expect(keyIdOf((await store.get(MERCHANT))?.appRefreshToken)).toBe('new')
  })

  it("refuses a ciphertext copied into another merchant's record, which stays as it was", async () => {
    const { auth, store } = createAppAuth({ tokenKeys: [newKey] })
    const sealed = sealedWith(store, [newKey])
    await sealed.set(sampleMerchantToken(MERCHANT))
    await sealed.set(sampleMerchantToken(OTHER_MERCHANT))
    const victim = (await store.get(MERCHANT))!
    const moved = { ...(await store.get(OTHER_MERCHANT))!, appAuthToken: victim.appAuthToken }
    await store.set(moved)

    const error = await rejection(auth.getToken(OTHER_MERCHANT))
    expect(error).toBeInstanceOf(AlipayTokenKeyError)
    expect(error).toMatchObject({ authAppId: OTHER_MERCHANT, keyId: 'new' })
    expect(await store.get(OTHER_MERCHANT)).toEqual(moved)
    expect(await auth.getToken(MERCHANT)).toBe(`202601BB${MERCHANT}`)
    expect(alipay.count()).toBe(0)
  })

  it('refuses an access token moved into the refresh token field of the same record', async () => {
    const { auth, store } = createAppAuth({ tokenKeys: [newKey] })
    await sealedWith(store, [newKey]).set(sampleMerchantToken(MERCHANT))
    const stored = (await store.get(MERCHANT))!
    await store.set({ ...stored, appRefreshToken: stored.appAuthToken })
    await expect(auth.refresh(MERCHANT)).rejects.toBeInstanceOf(AlipayTokenKeyError)
    expect(alipay.count()).toBe(0)
  })

  it('refuses values encrypted for another app', async () => {
    const { auth, store } = createAppAuth({ tokenKeys: [newKey] })
    const otherApp = new TokenCipher('2021999999999999', resolveTokenKeys([newKey]))
    await sealTokenStore(store, otherApp).set(sampleMerchantToken(MERCHANT))
    await expect(auth.getToken(MERCHANT)).rejects.toMatchObject({ keyId: 'new' })
  })
})

describe('a record under a key id that is not configured', () => {
  async function storeUnderOldKey() {
    const app = createAppAuth({ tokenKeys: [newKey] })
    const { clock, store } = app
    const unreadable = { expiresAt: clock.now, authorizedAt: clock.now - DAY }
    await sealedWith(store, [oldKey]).set(sampleMerchantToken(MERCHANT, unreadable))
    await sealedWith(store, [newKey]).set(sampleMerchantToken(OTHER_MERCHANT))
    return { ...app, before: structuredClone(await store.get(MERCHANT)) }
  }

  it('fails with an AlipayTokenKeyError naming the id, never a key or a token', async () => {
    const { auth, before } = await storeUnderOldKey()
    const error = await rejection(auth.getToken(MERCHANT))
    expect(error).toBeInstanceOf(AlipayTokenKeyError)
    expect(error).toMatchObject({ authAppId: MERCHANT, keyId: 'old' })
    const message = (error as Error).message
    expect(message).toMatch(/key id "old" and do not decrypt with tokenKeys: add the key/)
    for (const secret of [oldKey.key, newKey.key, before!.appAuthToken, `202601BB${MERCHANT}`]) {
      expect(message).not.toContain(secret)
    }
  })

  it('is left byte for byte, and nothing is asked of Alipay', async () => {
    const { auth, store, before } = await storeUnderOldKey()
    await rejection(auth.getToken(MERCHANT))
    await rejection(auth.refresh(MERCHANT))
    await rejection(auth.query(MERCHANT))
    expect(await store.get(MERCHANT)).toEqual(before)
    expect(alipay.count()).toBe(0)
  })

  it('leaves the other merchants working, listed and counted', async () => {
    const { auth } = await storeUnderOldKey()
    await rejection(auth.getToken(MERCHANT))
    expect(await auth.getToken(OTHER_MERCHANT)).toBe(`202601BB${OTHER_MERCHANT}`)
    const listed = await auth.listMerchants()
    expect(listed.map((merchant) => merchant.authAppId).sort()).toEqual([MERCHANT, OTHER_MERCHANT])
    expect((await auth.health()).active).toBe(2)
  })

  it('is read and listed with its tokens as stored', async () => {
    const { auth, before } = await storeUnderOldKey()
    expect(await auth.getMerchant(MERCHANT)).toEqual(before)
    const listed = (await auth.listMerchants()).find((merchant) => merchant.authAppId === MERCHANT)
    expect(listed).toEqual(before)
  })

  it('is marked cancelled by a cancellation notification, its tokens kept as stored', async () => {
    const { auth, store, before } = await storeUnderOldKey()
    const outcome = await auth.handleNotify(cancellationNotify({ auth_app_id: MERCHANT }))
    expect(outcome.body).toBe('success')
    const { status, updatedAt, ...rest } = (await store.get(MERCHANT))!
    const { status: _s, updatedAt: _u, ...restBefore } = before!
    expect(status).toBe('cancelled')
    expect(rest).toEqual(restBefore)
  })

  it('is replaced by a re-authorization, which works at once', async () => {
    const { auth } = await storeUnderOldKey()
    await auth.exchangeCode('code-after-the-key-was-lost')
    expect(await auth.getToken(MERCHANT)).toBe('202501BBc1access')
  })

  it('reads again once the key is added back', async () => {
    const { store, before } = await storeUnderOldKey()
    const { auth } = createAppAuth({ store, tokenKeys: [newKey, oldKey] })
    expect(await auth.getMerchant(MERCHANT)).toMatchObject({
      appAuthToken: `202601BB${MERCHANT}`,
    })
    expect(await store.get(MERCHANT)).toEqual(before)
  })

  it('is refused, not sent to Alipay, by an AppAuth without tokenKeys', async () => {
    const { store } = await storeUnderOldKey()
    const { auth } = createAppAuth({ store })
    await expect(auth.getToken(OTHER_MERCHANT)).rejects.toMatchObject({ keyId: 'new' })
    expect(alipay.count()).toBe(0)
  })
})
