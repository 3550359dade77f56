import assert from 'node:assert/strict'
import { MINUTE } from './sample-records.js'
import type { StoreCases } from './store-under-test.js'

/** Claims (an authorization code exchanged once): true for one claimer until the ttl passes. */
export const claimCases: StoreCases = (it, subject) => {
  it('is true for the first claim of a key and false for later ones', async () => {
    assert.equal(await subject.store.claim('code-1', 10 * MINUTE), true)
    assert.equal(await subject.store.claim('code-1', 10 * MINUTE), false)
    assert.equal(await subject.store.claim('code-2', 10 * MINUTE), true)
  })

  it('can be claimed again once its ttl has passed', async () => {
    assert.equal(await subject.store.claim('code-1', 10 * MINUTE), true)
    subject.advance(10 * MINUTE - 1)
    assert.equal(await subject.store.claim('code-1', 10 * MINUTE), false)
    subject.advance(1)
    assert.equal(await subject.store.claim('code-1', 10 * MINUTE), true)
    assert.equal(await subject.store.claim('code-1', 10 * MINUTE), false)
  })

  it('tells whether a key is claimed, without claiming it', async () => {
    assert.equal(await subject.store.isClaimed('code-1'), false)
    assert.equal(await subject.store.isClaimed('code-1'), false)
    assert.equal(await subject.store.claim('code-1', 10 * MINUTE), true)
    assert.equal(await subject.store.isClaimed('code-1'), true)
    assert.equal(await subject.store.isClaimed('code-2'), false)
    subject.advance(10 * MINUTE)
    assert.equal(await subject.store.isClaimed('code-1'), false)
  })

  it('is true for exactly one of 50 concurrent claims', async () => {
    const claimed = await Promise.all(
      Array.from({ length: 50 }, () => subject.store.claim('code-1', MINUTE)),
    )
    assert.equal(claimed.filter(Boolean).length, 1)
  })
}
