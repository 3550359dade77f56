import { describe, expect, it, vi } from 'vitest'
import { MemoryStore } from '../../src/stores/memory-store.js'
import { manualClock } from '../mocks.js'
import { createAppAuth } from './setup.js'

/** A MemoryStore that counts how often it is closed. */
function closableStore() {
  return Object.assign(new MemoryStore({ clock: manualClock() }), {
    close: vi.fn(async () => {}),
  })
}

describe('AppAuth for the code that hosts it', () => {
  it('exposes the state lifetime, so a state cookie can live exactly as long', () => {
    expect(createAppAuth().auth.stateTtlMs).toBe(10 * 60_000)
    expect(createAppAuth({ stateTtlMs: 180_000 }).auth.stateTtlMs).toBe(180_000)
  })

  it('close() leaves a store passed in open: its owner closes it', async () => {
    const store = closableStore()
    await createAppAuth({ store }).auth.close()
    expect(store.close).not.toHaveBeenCalled()
    expect(await store.list()).toEqual([])
  })

  it('close() leaves separate token and state stores passed in open', async () => {
    const tokenStore = closableStore()
    const stateStore = closableStore()
    await createAppAuth({ tokenStore, stateStore }).auth.close()
    expect(tokenStore.close).not.toHaveBeenCalled()
    expect(stateStore.close).not.toHaveBeenCalled()
  })
})
