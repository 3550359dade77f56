import assert from 'node:assert/strict'
import { sampleMerchantToken } from './sample-records.js'
import type { StoreCases } from './store-under-test.js'

const ids = (page: { merchants: Array<{ authAppId: string }> }) =>
  page.merchants.map((token) => token.authAppId)

/** Paging through the merchants: keyset by `authAppId`, ascending, `next` until the last page. */
export const pageCases: StoreCases = (it, subject) => {
  it('pages through every record in authAppId order, with no next on the last page', async () => {
    for (const id of ['2021000000000004', '2021000000000001', '2021000000000005']) {
      await subject.store.set(sampleMerchantToken(id))
    }
    await subject.store.set(sampleMerchantToken('2021000000000002', { status: 'cancelled' }))
    await subject.store.set(sampleMerchantToken('2021000000000003'))

    const first = await subject.store.listPage({ limit: 2 })
    assert.deepStrictEqual(ids(first), ['2021000000000001', '2021000000000002'])
    assert.equal(first.next, '2021000000000002')
    assert.deepStrictEqual(
      first.merchants[1],
      sampleMerchantToken('2021000000000002', { status: 'cancelled' }),
    )
    const second = await subject.store.listPage({ after: first.next, limit: 2 })
    assert.deepStrictEqual(ids(second), ['2021000000000003', '2021000000000004'])
    const last = await subject.store.listPage({ after: second.next, limit: 2 })
    assert.deepStrictEqual(last, { merchants: [sampleMerchantToken('2021000000000005')] })
  })

  it('gives no next when the last page is exactly full, and an empty page for an empty store', async () => {
    assert.deepStrictEqual(await subject.store.listPage({ limit: 10 }), { merchants: [] })
    await subject.store.set(sampleMerchantToken('2021000000000001'))
    await subject.store.set(sampleMerchantToken('2021000000000002'))
    const page = await subject.store.listPage({ limit: 2 })
    assert.deepStrictEqual(ids(page), ['2021000000000001', '2021000000000002'])
    assert.equal(page.next, undefined)
  })

  it('goes on after a record deleted or added while paging', async () => {
    for (const id of ['2021000000000001', '2021000000000002', '2021000000000004']) {
      await subject.store.set(sampleMerchantToken(id))
    }
    const first = await subject.store.listPage({ limit: 2 })
    await subject.store.delete('2021000000000002')
    await subject.store.set(sampleMerchantToken('2021000000000003'))
    const second = await subject.store.listPage({ after: first.next, limit: 2 })
    assert.deepStrictEqual(ids(second), ['2021000000000003', '2021000000000004'])
  })

  it('refuses a limit that is not a whole number from 1 to 1000, saying so', async () => {
    for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
      await assert.rejects(
        subject.store.listPage({ limit }),
        /limit must be a whole number from 1 to 1000/,
      )
    }
  })
}
