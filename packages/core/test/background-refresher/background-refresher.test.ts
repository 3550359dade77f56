import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppAuth } from '../../src/auth/app-auth.js'
import { BackgroundRefresher } from '../../src/auth/background-refresher.js'
import type {
  BackgroundRefresherOptions,
  RefreshOutcome,
} from '../../src/auth/background-refresher-options.js'
import { AlipayConfigError } from '../../src/errors.js'
import { MemoryStore } from '../../src/stores/memory-store.js'
import type { MerchantToken } from '../../src/stores/types.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { type Answer, clientOptions, manualClock, tokenFields, useMockAlipay } from '../mocks.js'

const { alipay } = useMockAlipay()
const DAY = 24 * 60 * 60_000
const clock = manualClock(Date.UTC(2026, 0, 1))

const merchantId = (n: number) => String(tokenFields(n).auth_app_id)
/** Merchant n's record, expiring `days` from now; its refresh token names it for the mock. */
const stored = (n: number, days: number) =>
  sampleMerchantToken(merchantId(n), {
    appAuthToken: `old-${n}`,
    appRefreshToken: `refresh-${n}`,
    expiresAt: clock.now + days * DAY,
  })
const merchantOf = (refreshToken = '') => Number(refreshToken.replace('refresh-', ''))
/** A well-behaved refresh: a new pair for the merchant whose refresh token came in. */
const refreshed = (n: number): Answer => ({
  fields: { tokens: [tokenFields(n, { app_auth_token: `new-${n}`, app_refresh_token: `r-${n}` })] },
})

let store: MemoryStore
let auth: AppAuth
let outcomes: RefreshOutcome[]

beforeEach(() => {
  store = new MemoryStore({ clock })
  auth = new AppAuth({ ...clientOptions({ clock }), redirectUri: 'https://isv.example/cb', store })
  outcomes = []
  alipay.tokenAnswer = (grant) => refreshed(merchantOf(grant.refresh_token))
})

function refresher(options: Partial<BackgroundRefresherOptions> = {}) {
  return new BackgroundRefresher({
    auth,
    store,
    clock,
    random: () => 0,
    onOutcome: (outcome) => outcomes.push(outcome),
    ...options,
  })
}

async function seed(...records: MerchantToken[]) {
  for (const record of records) await store.set(record)
}
const tokenOf = async (n: number) => (await store.get(merchantId(n)))?.appAuthToken

describe('BackgroundRefresher', () => {
  it('refreshes the merchants inside its window and leaves the others alone', async () => {
    await seed(stored(1, 1), stored(2, 7), stored(3, 30))
    const sweeper = refresher({ refreshAheadMs: 8 * DAY })
    await sweeper.sweep()
    expect([await tokenOf(1), await tokenOf(2), await tokenOf(3)]).toEqual([
      'new-1',
      'new-2',
      'old-3',
    ])
    expect(sweeper.stats()).toMatchObject({ sweeps: 1, refreshed: 2, failed: 0 })
  })

  it('finds a merchant once its clock has moved it into the window', async () => {
    await seed(stored(1, 30))
    const sweeper = refresher({ refreshAheadMs: 8 * DAY })
    await sweeper.sweep()
    clock.advance(22 * DAY + 1)
    await sweeper.sweep()
    expect(await tokenOf(1)).toBe('new-1')
    expect(alipay.count('refresh_token')).toBe(1)
  })

  it('works through more due merchants than one batch in a single sweep', async () => {
    await seed(...[1, 2, 3, 4, 5].map((n) => stored(n, n)))
    const sweeper = refresher({ batchSize: 2 })
    await sweeper.sweep()
    expect(sweeper.stats().refreshed).toBe(5)
    expect(await store.listExpiringBefore(clock.now + 8 * DAY, 10)).toEqual([])
  })

  it('reports a merchant whose refresh token is dead as needing re-authorization', async () => {
    await seed(stored(1, 1), stored(2, 1))
    alipay.tokenAnswer = (grant) =>
      merchantOf(grant.refresh_token) === 2
        ? { error: { code: '40002', subCode: 'isv.refresh-token-invalid' } }
        : refreshed(1)
    const sweeper = refresher()
    await sweeper.sweep()
    expect(sweeper.stats()).toMatchObject({ refreshed: 1, needsReauthorization: 1, failed: 0 })
    expect(outcomes.find((o) => o.kind === 'needs-reauthorization')?.authAppId).toBe(merchantId(2))
    expect((await store.get(merchantId(2)))?.status).toBe('needs-reauthorization')
  })

  it('counts a failed refresh, keeps the merchant due and refreshes it on the next sweep', async () => {
    await seed(stored(1, 1))
    alipay.tokenAnswer = () => ({ error: { code: '20000', subCode: 'isp.unknow-error' } })
    const sweeper = refresher()
    await sweeper.sweep()
    expect(sweeper.stats()).toMatchObject({ refreshed: 0, failed: 1 })
    expect(outcomes[0]).toMatchObject({ kind: 'failed', authAppId: merchantId(1) })
    alipay.tokenAnswer = () => refreshed(1)
    await sweeper.sweep()
    expect(sweeper.stats()).toMatchObject({ sweeps: 2, refreshed: 1, failed: 1 })
    expect(await tokenOf(1)).toBe('new-1')
  })

  it('skips a merchant someone else refreshed after the sweep listed it', async () => {
    await seed(stored(1, 1))
    const listing = store.listExpiringBefore.bind(store)
    store.listExpiringBefore = async (time, limit) => {
      const due = await listing(time, limit)
      await store.set({ ...stored(1, 1), appAuthToken: 'refreshed-elsewhere' })
      return due
    }
    const sweeper = refresher()
    await sweeper.sweep()
    expect(outcomes).toEqual([{ kind: 'skipped', authAppId: merchantId(1) }])
    expect(alipay.count()).toBe(0)
  })

  it('never has more refreshes in flight than its concurrency', async () => {
    await seed(...[1, 2, 3, 4, 5, 6].map((n) => stored(n, 1)))
    let inFlight = 0
    let most = 0
    alipay.tokenAnswer = async (grant) => {
      most = Math.max(most, ++inFlight)
      await new Promise((resolve) => setImmediate(resolve))
      inFlight--
      return refreshed(merchantOf(grant.refresh_token))
    }
    await refresher({ concurrency: 2 }).sweep()
    expect(most).toBe(2)
    expect(outcomes.filter((o) => o.kind === 'refreshed')).toHaveLength(6)
  })

  it('sweeps after start and lets the sweep in progress finish when stopped', async () => {
    await seed(stored(1, 1))
    const sweeper = refresher()
    sweeper.start()
    await vi.waitFor(() => expect(alipay.count()).toBe(1))
    await sweeper.stop()
    expect(sweeper.stats()).toMatchObject({ sweeps: 1, refreshed: 1 })
  })

  it('leaves no sweep scheduled after stop, even when restarted while a sweep was running', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let release = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      store.listExpiringBefore = vi.fn(async () => {
        await gate
        return []
      })
      const sweeper = refresher({ intervalMs: 60_000 })
      sweeper.start()
      await vi.advanceTimersByTimeAsync(0)
      expect(store.listExpiringBefore).toHaveBeenCalledTimes(1)
      const stopping = sweeper.stop()
      sweeper.start()
      release()
      await stopping
      expect(vi.getTimerCount()).toBe(1)
      await sweeper.stop()
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('reports an onOutcome whose promise rejects as a process warning, never an unhandled rejection', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    await seed(stored(1, 1))
    await refresher({
      onOutcome: async () => {
        throw new Error('alerting down')
      },
    }).sweep()
    await new Promise((resolve) => setImmediate(resolve))
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('alerting down'),
      'AlipayIsvListenerWarning',
    )
    warn.mockRestore()
  })

  it('counts a sweep whose store read failed, and keeps the error', async () => {
    const broken = new Error('store down')
    store.listExpiringBefore = () => Promise.reject(broken)
    const sweeper = refresher()
    await sweeper.sweep()
    expect(sweeper.stats()).toMatchObject({ failedSweeps: 1, lastSweepError: broken })
  })

  it('refuses a concurrency that is not positive, naming the option', () => {
    expect(() => refresher({ concurrency: 0 })).toThrow(AlipayConfigError)
    expect(() => refresher({ concurrency: 0 })).toThrow(/concurrency/)
  })
})
