import assert from 'node:assert/strict'
import { byId, DAY, MINUTE, sampleMerchantToken, T0 } from './sample-records.js'
import type { StoreCases } from './store-under-test.js'

/** What a TokenStore keeps: records as they were set, listed, replaced, deleted, each its own copy. */
export const tokenCases: StoreCases = (it, subject) => {
  it('gives undefined for a merchant it has never stored', async () => {
    assert.equal(await subject.store.get('2021000000000404'), undefined)
  })

  it('returns a stored record as it was set', async () => {
    const token = sampleMerchantToken('2021000000000001')
    await subject.store.set(token)
    assert.deepStrictEqual(await subject.store.get(token.authAppId), token)
  })

  it('replaces the record of the same merchant on a second set', async () => {
    await subject.store.set(sampleMerchantToken('2021000000000001'))
    const refreshed = sampleMerchantToken('2021000000000001', {
      appAuthToken: 'rotated',
      expiresAt: T0 + 400 * DAY,
      updatedAt: T0 + DAY,
    })
    await subject.store.set(refreshed)
    assert.deepStrictEqual(await subject.store.get('2021000000000001'), refreshed)
    assert.deepStrictEqual(await subject.store.list(), [refreshed])
  })

  it('deletes a record, and deleting an unknown merchant does nothing', async () => {
    await subject.store.set(sampleMerchantToken('2021000000000001'))
    await subject.store.set(sampleMerchantToken('2021000000000002'))
    await subject.store.delete('2021000000000001')
    await subject.store.delete('2021000000000404')
    assert.equal(await subject.store.get('2021000000000001'), undefined)
    assert.deepStrictEqual(await subject.store.list(), [sampleMerchantToken('2021000000000002')])
  })

  it('lists every record', async () => {
    const tokens = ['2021000000000003', '2021000000000001', '2021000000000002'].map((id) =>
      sampleMerchantToken(id, { status: id.endsWith('2') ? 'cancelled' : 'active' }),
    )
    for (const token of tokens) await subject.store.set(token)
    assert.deepStrictEqual(byId(await subject.store.list()), byId(tokens))
  })

  it('lists nothing when empty', async () => {
    assert.deepStrictEqual(await subject.store.list(), [])
  })

  it('returns copies that callers can change without changing the store', async () => {
    await subject.store.set(sampleMerchantToken('2021000000000001', { expiresAt: T0 }))
    const got = await subject.store.get('2021000000000001')
    const [listed] = await subject.store.list()
    const [due] = await subject.store.listExpiringBefore(T0, 1)
    for (const token of [got, listed, due]) {
      if (!token) throw new Error('expected a record')
      token.appAuthToken = 'changed by caller'
      token.status = 'cancelled'
    }
    assert.deepStrictEqual(
      await subject.store.get('2021000000000001'),
      sampleMerchantToken('2021000000000001', { expiresAt: T0 }),
    )
  })

  it('keeps the via and the context of a record, and its own copy of the context', async () => {
    const context = { tenant: 'acme', seats: [1, 2], nested: { ok: true, none: null } }
    const token = sampleMerchantToken('2021000000000001', { via: 'invite', context })
    await subject.store.set(token)
    context.nested.ok = false
    const got = await subject.store.get('2021000000000001')
    assert.deepStrictEqual(
      got,
      sampleMerchantToken('2021000000000001', {
        via: 'invite',
        context: { tenant: 'acme', seats: [1, 2], nested: { ok: true, none: null } },
      }),
    )
    ;(got as unknown as { context: { seats: number[] } }).context.seats.push(3)
    assert.deepStrictEqual((await subject.store.list())[0]?.context, {
      tenant: 'acme',
      seats: [1, 2],
      nested: { ok: true, none: null },
    })
  })

  it('keeps a refresh intent until a record without one replaces it', async () => {
    const started = sampleMerchantToken('2021000000000001', {
      issuedAt: T0,
      refreshStartedAt: T0 + MINUTE,
    })
    await subject.store.set(started)
    assert.deepStrictEqual(await subject.store.get('2021000000000001'), started)
    assert.deepStrictEqual((await subject.store.listExpiringBefore(T0 + 400 * DAY, 10))[0], started)
    const finished = sampleMerchantToken('2021000000000001', { issuedAt: T0 + MINUTE })
    await subject.store.set(finished)
    assert.deepStrictEqual(await subject.store.get('2021000000000001'), finished)
    assert.deepStrictEqual(await subject.store.list(), [finished])
  })

  it('keeps its own copy of a record that was set', async () => {
    const token = sampleMerchantToken('2021000000000001')
    await subject.store.set(token)
    token.appAuthToken = 'changed by caller'
    assert.deepStrictEqual(
      await subject.store.get('2021000000000001'),
      sampleMerchantToken('2021000000000001'),
    )
  })
}
