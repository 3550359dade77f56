import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../src/clock.js'
import type { RefreshCoordinator, TokenStore } from '../../src/stores/types.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'

type CoordinatingStore = TokenStore & RefreshCoordinator & { close(): Promise<void> }

/** How the cases reach a shared store: stores opened in one namespace share their data. */
export interface CoordinatingStores {
  /** A namespace (key or table prefix) no store has used yet. */
  namespace(): string
  open(namespace: string, options: { clock: Clock; refreshLeaseMs?: number }): CoordinatingStore
}

const MERCHANT = '2021000000000001'
const LEASE_MS = 30_000

/**
 * What a store shared by a fleet promises about refresh leases and fenced writes, for RedisStore,
 * PostgresStore and MySqlStore alike.
 */
export function describeRefreshCoordination(name: string, stores: CoordinatingStores): void {
  describe(`${name} refresh leases`, () => {
    let now = Date.UTC(2026, 0, 1)
    let instanceA: CoordinatingStore
    let instanceB: CoordinatingStore

    beforeEach(() => {
      // Two instances of the app: two stores over one server, in one namespace.
      const namespace = stores.namespace()
      const options = { clock: () => now, refreshLeaseMs: LEASE_MS }
      instanceA = stores.open(namespace, options)
      instanceB = stores.open(namespace, options)
    })

    afterEach(async () => {
      await Promise.all([instanceA.close(), instanceB.close()])
    })

    it('grants a merchant’s lease to exactly one of 50 concurrent acquirers', async () => {
      const leases = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? instanceA : instanceB).acquireRefreshLease(MERCHANT),
        ),
      )
      expect(leases.filter((lease) => lease !== undefined)).toHaveLength(1)
    })

    it('leases each merchant separately', async () => {
      expect(await instanceA.acquireRefreshLease('2021000000000001')).toBeDefined()
      expect(await instanceB.acquireRefreshLease('2021000000000002')).toBeDefined()
    })

    it('lets another instance take the lease once the holder releases it, with a larger fencing token', async () => {
      const first = await instanceA.acquireRefreshLease(MERCHANT)
      await first?.release()
      const second = await instanceB.acquireRefreshLease(MERCHANT)
      expect(second?.fencingToken).toBeGreaterThan(first?.fencingToken ?? Number.POSITIVE_INFINITY)
    })

    it('keeps a crashed holder’s lease until it expires, then hands it to another instance', async () => {
      await instanceA.acquireRefreshLease(MERCHANT)
      now += LEASE_MS - 1
      expect(await instanceB.acquireRefreshLease(MERCHANT)).toBeUndefined()
      now += 1
      expect(await instanceB.acquireRefreshLease(MERCHANT)).toBeDefined()
    })

    it('does not free the successor’s lease when a stale holder releases late', async () => {
      const stale = await instanceA.acquireRefreshLease(MERCHANT)
      now += LEASE_MS
      const successor = await instanceB.acquireRefreshLease(MERCHANT)
      await stale?.release()
      expect(successor).toBeDefined()
      expect(await instanceA.acquireRefreshLease(MERCHANT)).toBeUndefined()
    })
  })

  describe(`${name} fenced writes`, () => {
    let now = Date.UTC(2026, 0, 1)
    let store: CoordinatingStore

    beforeEach(() => {
      store = stores.open(stores.namespace(), { clock: () => now })
    })

    afterEach(() => store.close())

    const old = sampleMerchantToken(MERCHANT, { appAuthToken: 'old' })
    const refreshed = sampleMerchantToken(MERCHANT, { appAuthToken: 'refreshed' })

    it('writes the record of the latest lease holder', async () => {
      await store.set(old)
      const lease = await store.acquireRefreshLease(MERCHANT)
      expect(await store.setIfFenced(refreshed, lease?.fencingToken ?? 0)).toBe(true)
      expect(await store.get(MERCHANT)).toEqual(refreshed)
    })

    it('refuses the write of a holder whose lease was taken over, keeping the successor’s record', async () => {
      await store.set(old)
      const stale = await store.acquireRefreshLease(MERCHANT)
      now += store.refreshLeaseMs
      const successor = await store.acquireRefreshLease(MERCHANT)
      expect(await store.setIfFenced(refreshed, successor?.fencingToken ?? 0)).toBe(true)
      const late = sampleMerchantToken(MERCHANT, { appAuthToken: 'late' })
      expect(await store.setIfFenced(late, stale?.fencingToken ?? 0)).toBe(false)
      expect(await store.get(MERCHANT)).toEqual(refreshed)
    })

    it('refuses a refresh written after the merchant was cancelled or re-authorized meanwhile', async () => {
      await store.set(old)
      const lease = await store.acquireRefreshLease(MERCHANT)
      const cancelled = { ...old, status: 'cancelled' as const }
      await store.set(cancelled)
      expect(await store.setIfFenced(refreshed, lease?.fencingToken ?? 0)).toBe(false)
      expect(await store.get(MERCHANT)).toEqual(cancelled)
    })

    it('refuses a fenced write for a merchant no lease was issued for', async () => {
      expect(await store.setIfFenced(refreshed, 1)).toBe(false)
      expect(await store.get(MERCHANT)).toBeUndefined()
    })

    it('moves a record written as needing re-authorization out of the refresh index', async () => {
      await store.set(sampleMerchantToken(MERCHANT, { expiresAt: now }))
      const lease = await store.acquireRefreshLease(MERCHANT)
      const dead = sampleMerchantToken(MERCHANT, {
        expiresAt: now,
        status: 'needs-reauthorization',
      })
      await store.setIfFenced(dead, lease?.fencingToken ?? 0)
      expect(await store.listExpiringBefore(now, 10)).toEqual([])
    })
  })
}
