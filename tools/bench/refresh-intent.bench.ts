import { join } from 'node:path'
import { startSeededEmulator } from '@alipay-isv/fleet'
import { AppAuth } from '../../packages/core/src/auth/app-auth.js'
import { merchantFromGrant } from '../../packages/core/src/auth/merchant-record.js'
import { FileStore } from '../../packages/core/src/stores/file-store.js'
import { MemoryStore } from '../../packages/core/src/stores/memory-store.js'
import type { StateStore, TokenStore } from '../../packages/core/src/stores/types.js'
import { inTemporaryDirectory, ratioResult } from './bench-helpers.js'
import { concurrentSlice, interleavedRates } from './interleaved.js'
import type { BenchResult } from './types.js'

const APP_ID = '2021009800000001'
const MERCHANTS = 32
const CONCURRENCY = 8

/**
 * What the crash-safe refresh costs: `refresh()` (intent stored before Alipay is asked, then the
 * new pair) against the refresh as it was before the intent (read the record, ask Alipay, read
 * again, write the new pair), against the emulator on loopback, alternating between the two.
 */
export function run(): Promise<BenchResult[]> {
  return inTemporaryDirectory(async (root) => {
    const results: BenchResult[] = []
    const stores = {
      MemoryStore: async () => new MemoryStore(),
      FileStore: () => FileStore.open({ dir: join(root, 'store') }),
    }
    for (const [name, open] of Object.entries(stores)) {
      const rates = await measure(await open())
      const fields = {
        bench: 'refresh-intent',
        case: `refresh() with the intent record, ${name}, ${CONCURRENCY} at a time`,
        unit: 'refreshes/s',
        baseline: 'the same refresh without the intent record (read, Alipay, read, write)',
      }
      results.push(ratioResult(fields, rates))
    }
    return results
  })
}

async function measure(store: TokenStore & StateStore & { close(): Promise<void> }) {
  const matrix = await startSeededEmulator(
    { appId: APP_ID, merchantCount: MERCHANTS, refreshGraceSeconds: 60 },
    store,
  )
  const auth = new AppAuth({ ...matrix.app, store, minRefreshIntervalMs: 0 })
  const merchant = (i: number) => matrix.merchants[i % MERCHANTS]!
  const withoutIntent = async (i: number) => {
    const record = (await store.get(merchant(i)))!
    const issuedAt = Date.now()
    const [grant] = await auth.client.refreshToken(record.appRefreshToken)
    await store.get(merchant(i))
    const next = merchantFromGrant(grant!, issuedAt, record.authorizedAt, Date.now(), record)
    await store.set(next)
  }
  try {
    return await interleavedRates(
      [
        concurrentSlice(CONCURRENCY, withoutIntent),
        concurrentSlice(CONCURRENCY, (i) => auth.refresh(merchant(i))),
      ],
      { slices: 10, sliceMs: 300 },
    )
  } finally {
    await auth.close()
    await store.close()
    await matrix.emulator.close()
  }
}
