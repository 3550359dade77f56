import { randomInt } from 'node:crypto'
import type { Clock } from '../clock.js'
import { AlipayTimeoutError } from '../errors.js'
import type {
  MerchantToken,
  RefreshCoordinator,
  RefreshLease,
  TokenStore,
} from '../stores/types.js'
import { requireActive } from './merchant-record.js'

/**
 * Stores a record a refresh produced (its intent, the new pair, or the record marked dead).
 * Rejects with `LeaseSuperseded` when a later lease holder has taken over: stop there.
 */
export type RecordWriter = (token: MerchantToken) => Promise<void>

/** This instance's refresh lease ran out and another instance holds the merchant now. */
export class LeaseSuperseded extends Error {
  override name = 'LeaseSuperseded'
}

/** Polling for another instance's refresh: first after ~10 ms, then doubling up to ~250 ms. */
const FIRST_POLL_MS = 10
const MAX_POLL_MS = 250

/**
 * Runs one refresh of a merchant for the whole fleet. Without a coordinating store it simply runs
 * `refresh`. With one (e.g. RedisStore), only the holder of the merchant's lease refreshes and
 * writes with its fencing token; every other instance waits until the record's token changes and
 * returns that record. Refresh rotates the pair (docs/protocol.md §3): a second refresh would spend
 * the refresh token the first one just stored.
 */
export async function refreshAcrossFleet(
  store: TokenStore,
  authAppId: string,
  clock: Clock,
  refresh: (write: RecordWriter) => Promise<MerchantToken>,
): Promise<MerchantToken> {
  if (!isRefreshCoordinator(store)) return refresh((token) => store.set(token))
  const seen = requireActive(await store.get(authAppId), authAppId)
  // A holder that dies keeps the lease for refreshLeaseMs; whoever takes over then has as long.
  const deadline = clock() + 2 * store.refreshLeaseMs
  for (let attempt = 0; ; attempt++) {
    const lease = await store.acquireRefreshLease(authAppId)
    if (lease) {
      const result = await refreshHolding(store, lease, seen, refresh)
      if (result) return result
    }
    const current = requireActive(await store.get(authAppId), authAppId)
    if (current.appAuthToken !== seen.appAuthToken) return current
    if (clock() > deadline) throw leaseTimeout(authAppId, store.refreshLeaseMs)
    await pause(attempt)
  }
}

/** The refreshed record, or `undefined` when a later lease holder superseded this one. */
async function refreshHolding(
  store: TokenStore & RefreshCoordinator,
  lease: RefreshLease,
  seen: MerchantToken,
  refresh: (write: RecordWriter) => Promise<MerchantToken>,
): Promise<MerchantToken | undefined> {
  let superseded = false
  try {
    // Someone may have refreshed between our first read and taking the lease.
    const current = requireActive(await store.get(seen.authAppId), seen.authAppId)
    if (current.appAuthToken !== seen.appAuthToken) return current
    const refreshed = await refresh(async (token) => {
      superseded = !(await store.setIfFenced(token, lease.fencingToken))
      if (superseded) throw new LeaseSuperseded(`refresh of ${seen.authAppId} superseded`)
    })
    return refreshed
  } catch (error) {
    // A stale holder's failure (e.g. a refresh token its successor already spent) is not the outcome.
    if (superseded) return undefined
    throw error
  } finally {
    // A lease that cannot be given back (the store just became unreachable) lapses by itself:
    // that must not turn a stored refresh into a failure.
    await lease.release().catch(() => undefined)
  }
}

export function isRefreshCoordinator(store: TokenStore): store is TokenStore & RefreshCoordinator {
  const candidate = store as Partial<RefreshCoordinator>
  return (
    typeof candidate.acquireRefreshLease === 'function' &&
    typeof candidate.setIfFenced === 'function'
  )
}

/** Exponential backoff with jitter, so waiting instances do not poll in step. */
export function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(FIRST_POLL_MS * 2 ** attempt, MAX_POLL_MS)
  return new Promise((resolve) => setTimeout(resolve, ceiling / 2 + randomInt(ceiling / 2 + 1)))
}

function leaseTimeout(authAppId: string, leaseMs: number): AlipayTimeoutError {
  return new AlipayTimeoutError(
    `Merchant app ${authAppId}: no instance finished refreshing its token within ${2 * leaseMs} ms (twice the store's refreshLeaseMs). Check that the instances reach Alipay, or raise refreshLeaseMs if refreshes take longer.`,
  )
}
