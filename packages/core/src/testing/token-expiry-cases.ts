import assert from 'node:assert/strict'
import { DAY, sampleMerchantToken, T0 } from './sample-records.js'
import type { StoreCases } from './store-under-test.js'

/** The list a refresher sweeps: active records expiring by a time, soonest first, at most `limit`. */
export const tokenExpiryCases: StoreCases = (it, subject) => {
  it('lists active records expiring at or before a time, soonest first', async () => {
    await subject.store.set(sampleMerchantToken('2021000000000001', { expiresAt: T0 + 3 * DAY }))
    await subject.store.set(sampleMerchantToken('2021000000000002', { expiresAt: T0 + DAY }))
    await subject.store.set(sampleMerchantToken('2021000000000003', { expiresAt: T0 + 2 * DAY }))
    await subject.store.set(
      sampleMerchantToken('2021000000000004', { expiresAt: T0 + 2 * DAY + 1 }),
    )
    const due = await subject.store.listExpiringBefore(T0 + 2 * DAY, 10)
    assert.deepStrictEqual(
      due.map((token) => token.authAppId),
      ['2021000000000002', '2021000000000003'],
    )
  })

  it('leaves records that are not active out of the expiring list', async () => {
    await subject.store.set(sampleMerchantToken('2021000000000001', { expiresAt: T0 }))
    await subject.store.set(
      sampleMerchantToken('2021000000000002', {
        expiresAt: T0,
        status: 'needs-reauthorization',
      }),
    )
    await subject.store.set(
      sampleMerchantToken('2021000000000003', { expiresAt: T0, status: 'cancelled' }),
    )
    const due = await subject.store.listExpiringBefore(T0 + DAY, 10)
    assert.deepStrictEqual(
      due.map((token) => token.authAppId),
      ['2021000000000001'],
    )
  })

  it('returns at most `limit` expiring records, the soonest ones', async () => {
    for (let i = 1; i <= 5; i++) {
      await subject.store.set(
        sampleMerchantToken(`202100000000000${i}`, { expiresAt: T0 + (10 - i) * DAY }),
      )
    }
    const due = await subject.store.listExpiringBefore(T0 + 30 * DAY, 2)
    assert.deepStrictEqual(
      due.map((token) => token.authAppId),
      ['2021000000000005', '2021000000000004'],
    )
    assert.deepStrictEqual(await subject.store.listExpiringBefore(T0 + 30 * DAY, 0), [])
  })
}
