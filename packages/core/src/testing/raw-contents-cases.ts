import assert from 'node:assert/strict'
import { sampleMerchantToken } from './sample-records.js'
import type { StoreCases } from './store-under-test.js'

const MERCHANT = '2021000000000001'
const OTHER_MERCHANT = '2021000000000002'

/** With `tokenKeys`, what the store persists holds the records but none of their tokens. */
export const rawContentsCases: StoreCases = (it, subject) => {
  it('persists the records with no token in plaintext', async () => {
    const rawContents = subject.rawContents
    assert.ok(rawContents, 'registered only with rawContents')
    const token = sampleMerchantToken(MERCHANT, {
      appAuthToken: 'plaintext-access-token-of-merchant-1',
      appRefreshToken: 'plaintext-refresh-token-of-merchant-1',
    })
    await subject.store.set(token)
    await subject.store.set(
      sampleMerchantToken(OTHER_MERCHANT, {
        appAuthToken: 'plaintext-access-token-of-merchant-2',
        appRefreshToken: 'plaintext-refresh-token-of-merchant-2',
      }),
    )
    await subject.store.set({ ...token, status: 'cancelled' })

    const raw = await rawContents()
    assert.ok(
      raw.includes(MERCHANT) && raw.includes(OTHER_MERCHANT),
      'rawContents() shows the records',
    )
    assert.doesNotMatch(raw, /plaintext-(access|refresh)-token/)
    assert.deepStrictEqual(await subject.store.get(MERCHANT), { ...token, status: 'cancelled' })
  })
}
