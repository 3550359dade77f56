import { describe, expect, it, vi } from 'vitest'
import { MAX_PAGE_LIMIT } from '../../src/stores/page.js'
import type { MerchantToken, MerchantTokenStatus } from '../../src/stores/types.js'
import { createAppAuth } from './setup.js'

const DAY = 24 * 60 * 60_000

function merchant(
  n: number,
  now: number,
  expiresInMs: number,
  status: MerchantTokenStatus = 'active',
): MerchantToken {
  return {
    authAppId: `2021000000000${n}`,
    userId: `2088000000000${n}`,
    appAuthToken: `access-${n}`,
    appRefreshToken: `refresh-${n}`,
    expiresAt: now + expiresInMs,
    refreshExpiresAt: now + expiresInMs + 7 * DAY,
    authorizedAt: now - DAY,
    updatedAt: now - DAY,
    status,
    via: 'browser',
  }
}

describe('health()', () => {
  it('counts merchants by what they need: nothing, a refresh, or a new authorization', async () => {
    const { auth, clock, store } = createAppAuth()
    const now = clock.now
    for (const record of [
      merchant(1, now, 300 * DAY),
      // A crash left its refresh unfinished.
      { ...merchant(2, now, 300 * DAY), refreshStartedAt: now - 1000 },
      merchant(3, now, 6 * DAY),
      merchant(4, now, -DAY),
      merchant(5, now, 300 * DAY, 'needs-reauthorization'),
      merchant(6, now, 300 * DAY, 'cancelled'),
      merchant(7, now, -DAY, 'cancelled'),
    ]) {
      await store.set(record)
    }
    expect(await auth.health()).toEqual({
      merchants: 7,
      active: 4,
      dueForRefresh: 2,
      expired: 1,
      refreshUnfinished: 1,
      needsReauthorization: 1,
      cancelled: 2,
      apiCalls: { succeeded: 0, failed: 0, tokenRenewals: 0 },
    })
  })

  it('counts as due what getToken would refresh: within refreshAheadMs, by the injected clock', async () => {
    const { auth, clock, store } = createAppAuth({ refreshAheadMs: 30 * DAY })
    await store.set(merchant(1, clock.now, 20 * DAY))
    expect(await auth.health()).toMatchObject({ active: 1, dueForRefresh: 1, expired: 0 })
    clock.advance(21 * DAY)
    expect(await auth.health()).toMatchObject({ active: 1, dueForRefresh: 1, expired: 1 })
  })

  it('counts every merchant a page at a time, never reading the whole store in one call', async () => {
    const { auth, clock, store } = createAppAuth()
    const count = 2 * MAX_PAGE_LIMIT + 500
    for (let n = 0; n < count; n++) {
      await store.set({ ...merchant(n, clock.now, 300 * DAY), authAppId: `${2021e12 + n}` })
    }
    const wholeReads = vi.spyOn(store, 'list')
    const pages = vi.spyOn(store, 'listPage')
    expect(await auth.health()).toMatchObject({ merchants: count, active: count })
    expect(wholeReads).not.toHaveBeenCalled()
    expect(pages).toHaveBeenCalledTimes(3)
  })

  it('reports an empty store as all zeros', async () => {
    const { auth } = createAppAuth()
    expect(await auth.health()).toEqual({
      merchants: 0,
      active: 0,
      dueForRefresh: 0,
      expired: 0,
      refreshUnfinished: 0,
      needsReauthorization: 0,
      cancelled: 0,
      apiCalls: { succeeded: 0, failed: 0, tokenRenewals: 0 },
    })
  })
})
