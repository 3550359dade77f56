import assert from 'node:assert/strict'
import { MINUTE, sampleAuthorizationState } from './sample-records.js'
import type { StoreCases } from './store-under-test.js'

/** Authorization states: each taken once, until its ttl passes, as its own copy. */
export const stateCases: StoreCases = (it, subject) => {
  it('gives a stored state to the first take and undefined to the next', async () => {
    await subject.store.put('state-1', sampleAuthorizationState(), 10 * MINUTE)
    assert.deepStrictEqual(await subject.store.take('state-1'), sampleAuthorizationState())
    assert.equal(await subject.store.take('state-1'), undefined)
  })

  it('gives undefined for a state it has never stored', async () => {
    assert.equal(await subject.store.take('state-unknown'), undefined)
  })

  it('gives a state until its ttl has passed', async () => {
    await subject.store.put('state-1', sampleAuthorizationState(), 10 * MINUTE)
    subject.advance(10 * MINUTE - 1)
    assert.deepStrictEqual(await subject.store.take('state-1'), sampleAuthorizationState())
  })

  it('gives undefined for a state whose ttl has passed', async () => {
    await subject.store.put('state-1', sampleAuthorizationState(), 10 * MINUTE)
    subject.advance(10 * MINUTE)
    assert.equal(await subject.store.take('state-1'), undefined)
  })

  it('takes one state without touching the others', async () => {
    await subject.store.put('state-1', sampleAuthorizationState({ browserBinding: 'a' }), MINUTE)
    await subject.store.put('state-2', sampleAuthorizationState({ browserBinding: 'b' }), MINUTE)
    assert.deepStrictEqual(
      await subject.store.take('state-1'),
      sampleAuthorizationState({ browserBinding: 'a' }),
    )
    assert.deepStrictEqual(
      await subject.store.take('state-2'),
      sampleAuthorizationState({ browserBinding: 'b' }),
    )
  })

  it('keeps its own copy of a state that was put', async () => {
    const value = sampleAuthorizationState()
    await subject.store.put('state-1', value, MINUTE)
    value.browserBinding = 'changed by caller'
    assert.deepStrictEqual(await subject.store.take('state-1'), sampleAuthorizationState())
  })

  it('keeps the kind and the context of a state, and its own copy of the context', async () => {
    const context = { tenant: 'acme', plan: ['pro'] }
    await subject.store.put('state-1', sampleAuthorizationState({ kind: 'qr', context }), MINUTE)
    context.plan.push('changed by caller')
    const peeked = await subject.store.peek('state-1')
    ;(peeked as unknown as { context: { plan: string[] } }).context.plan.push('changed by caller')
    assert.deepStrictEqual(
      await subject.store.take('state-1'),
      sampleAuthorizationState({ kind: 'qr', context: { tenant: 'acme', plan: ['pro'] } }),
    )
  })

  it('gives the state to exactly one of 50 concurrent takes', async () => {
    await subject.store.put('state-1', sampleAuthorizationState(), MINUTE)
    const taken = await Promise.all(Array.from({ length: 50 }, () => subject.store.take('state-1')))
    assert.deepStrictEqual(
      taken.filter((value) => value !== undefined),
      [sampleAuthorizationState()],
    )
  })
}

/** Peeking at a state reads it without taking it. */
export const statePeekCases: StoreCases = (it, subject) => {
  it('reads a state as often as asked without consuming it', async () => {
    await subject.store.put('state-1', sampleAuthorizationState(), MINUTE)
    assert.deepStrictEqual(await subject.store.peek('state-1'), sampleAuthorizationState())
    assert.deepStrictEqual(await subject.store.peek('state-1'), sampleAuthorizationState())
    assert.deepStrictEqual(await subject.store.take('state-1'), sampleAuthorizationState())
    assert.equal(await subject.store.peek('state-1'), undefined)
  })

  it('gives undefined for an unknown state, and for one whose ttl has passed', async () => {
    assert.equal(await subject.store.peek('state-unknown'), undefined)
    await subject.store.put('state-1', sampleAuthorizationState(), 10 * MINUTE)
    subject.advance(10 * MINUTE - 1)
    assert.deepStrictEqual(await subject.store.peek('state-1'), sampleAuthorizationState())
    subject.advance(1)
    assert.equal(await subject.store.peek('state-1'), undefined)
  })
}
