import { describe, expect, it } from 'vitest'
import { BatchedReads } from '../../src/sql/batched-reads.js'

/** A readMany whose queries the test answers one by one, recording the keys of each. */
function heldQueries() {
  const queries: Array<{
    keys: string[]
    answer(values: Record<string, string>): void
    fail(e: Error): void
  }> = []
  const readMany = (keys: string[]) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      queries.push({
        keys,
        answer: (values) => resolve(new Map(Object.entries(values))),
        fail: reject,
      })
    })
  return { queries, readMany }
}

describe('reads of merchants under a burst', () => {
  it('go out at once, one query each, while fewer than the limit are in flight', () => {
    const { queries, readMany } = heldQueries()
    const reads = new BatchedReads(2, 100, readMany)
    void reads.read('a')
    void reads.read('b')
    expect(queries.map((query) => query.keys)).toEqual([['a'], ['b']])
  })

  it('wait behind the limit and then go out together, each caller with its own value', async () => {
    const { queries, readMany } = heldQueries()
    const reads = new BatchedReads(1, 100, readMany)
    const first = reads.read('a')
    const waiting = [reads.read('b'), reads.read('c'), reads.read('b'), reads.read('missing')]
    expect(queries).toHaveLength(1)
    queries[0]?.answer({ a: 'A' })
    expect(await first).toBe('A')
    await new Promise((resolve) => setImmediate(resolve))
    expect(queries[1]?.keys).toEqual(['b', 'c', 'missing'])
    queries[1]?.answer({ b: 'B', c: 'C' })
    expect(await Promise.all(waiting)).toEqual(['B', 'C', 'B', undefined])
  })

  it('go out in batches of at most the batch size', async () => {
    const { queries, readMany } = heldQueries()
    const reads = new BatchedReads(1, 2, readMany)
    void reads.read('a')
    for (const key of ['b', 'c', 'd']) void reads.read(key)
    queries[0]?.answer({})
    await new Promise((resolve) => setImmediate(resolve))
    expect(queries[1]?.keys).toEqual(['b', 'c'])
    queries[1]?.answer({})
    await new Promise((resolve) => setImmediate(resolve))
    expect(queries[2]?.keys).toEqual(['d'])
  })

  it('fail every read of a batch whose query failed, and go on with the next', async () => {
    const { queries, readMany } = heldQueries()
    const reads = new BatchedReads(1, 100, readMany)
    const first = reads.read('a')
    const batched = [reads.read('b'), reads.read('c')].map((read) =>
      read.catch((e: Error) => e.message),
    )
    queries[0]?.answer({ a: 'A' })
    await first
    await new Promise((resolve) => setImmediate(resolve))
    queries[1]?.fail(new Error('connection lost'))
    expect(await Promise.all(batched)).toEqual(['connection lost', 'connection lost'])
    const later = reads.read('d')
    queries[2]?.answer({ d: 'D' })
    expect(await later).toBe('D')
  })
})
