import { MemoryStore } from '../../packages/core/src/stores/memory-store.js'
import type { MerchantToken } from '../../packages/core/src/stores/types.js'
import { offlineAppAuth } from './offline-app-auth.js'
import type { BenchResult } from './types.js'

const CASE_MS = 2000
const BATCH = 1000
const MERCHANT = '2021000000000001'
const BASELINE = 'await of an async Map lookup'

/** `getToken` on a warm token (MemoryStore, no refresh due) against a bare Map lookup. */
export async function run(): Promise<BenchResult[]> {
  const store = new MemoryStore()
  const auth = offlineAppAuth(store)
  const now = Date.now()
  await store.set(warmToken(now))
  const map = new Map([[MERCHANT, 'token']])
  const lookup = async (id: string) => map.get(id)
  const baseline = await opsPerSecond(() => lookup(MERCHANT))
  const value = await opsPerSecond(() => auth.getToken(MERCHANT))
  return [
    {
      bench: 'get-token',
      case: 'getToken, warm token, MemoryStore',
      value: Math.round(value),
      unit: 'ops/s',
      baseline: BASELINE,
      baseline_value: Math.round(baseline),
      ratio: Math.round((value / baseline) * 1000) / 1000,
    },
  ]
}

async function opsPerSecond(operation: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < BATCH; i++) await operation()
  let done = 0
  const start = performance.now()
  while (performance.now() - start < CASE_MS) {
    for (let i = 0; i < BATCH; i++) await operation()
    done += BATCH
  }
  return (done * 1000) / (performance.now() - start)
}

function warmToken(now: number): MerchantToken {
  return {
    authAppId: MERCHANT,
    userId: '2088000000000001',
    appAuthToken: 'warm-access-token',
    appRefreshToken: 'warm-refresh-token',
    expiresAt: now + 365 * 24 * 3600_000,
    refreshExpiresAt: now + 372 * 24 * 3600_000,
    authorizedAt: now,
    updatedAt: now,
    status: 'active',
    via: 'browser',
  }
}
