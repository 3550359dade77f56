import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AlipayError } from '../../src/errors.js'
import { MemoryStore } from '../../src/stores/index.js'
import { describeStoreConformance } from '../../src/testing/index.js'

describeStoreConformance(
  'MemoryStore',
  async (clock) => new MemoryStore({ clock }),
  { describe, it, beforeEach, afterEach },
  // What it holds is all it has: every field of every entry, however deep.
  { rawContents: async (store) => inspect(store, { depth: Number.POSITIVE_INFINITY }) },
)

describe('MemoryStore', () => {
  it('rejects a ttl that is not a positive number of milliseconds', async () => {
    const store = new MemoryStore()
    const state = {
      browserBinding: 'b',
      redirectUri: 'https://isv.example/cb',
      createdAt: 0,
      kind: 'browser' as const,
    }
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.put('state-1', state, ttl)).rejects.toThrow(AlipayError)
      await expect(store.claim('code-1', ttl)).rejects.toThrow(/ttlMs must be a positive number/)
    }
  })
})
