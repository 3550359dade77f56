import { AppAuth, type MerchantToken } from '@alipay-isv/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expireAll, type FleetEmulator, isLive, startFleetEmulator } from '../src/fleet-emulator.js'
import { makeTestPlace, type TestPlace } from '../src/shared-databases.js'
import { type FleetInstance, spawnInstance } from '../src/spawn-instance.js'
import { openSharedStore, type SharedStore } from '../src/store-config.js'

const MERCHANTS = 50
/** 1,250 concurrent calls on each of the four instances. */
const CALLS = 5000
/**
 * Bounds for a machine that 5,000 calls (and whatever else runs there) load to seconds of event
 * loop lag: the emulator keeps no grace here, so a refresh the client gave up on and repeated, or
 * whose new pair's write timed out, would spend a refresh token twice. What is proven is one
 * refresh per merchant, not latency.
 */
const ALIPAY_TIMEOUT_MS = 15_000
const STORE_TIMEOUT_MS = 15_000
/** Above the slowest refresh under that load, short enough that a killed holder's leases expire within the test. */
const LEASE_MS = 20_000
const DAY = 24 * 60 * 60_000

describe.each(['redis', 'postgres', 'mysql'] as const)(
  'four instances (2 Fastify, 2 Koa) sharing one %s store, against the emulator',
  (kind) => {
    let place: TestPlace
    let store: SharedStore
    let fleet: FleetEmulator
    let auth: AppAuth
    let instances: FleetInstance[]

    beforeAll(async () => {
      place = await makeTestPlace(kind)
      store = await openSharedStore(place.config)
      fleet = await startFleetEmulator(MERCHANTS, store)
      auth = new AppAuth({ ...fleet.app, store })
      const config = {
        ...fleet.app,
        timeoutMs: ALIPAY_TIMEOUT_MS,
        store: place.config,
        commandTimeoutMs: STORE_TIMEOUT_MS,
        refreshLeaseMs: LEASE_MS,
      }
      const frameworks = ['fastify', 'koa', 'fastify', 'koa'] as const
      instances = await Promise.all(
        frameworks.map((framework) => spawnInstance({ ...config, framework })),
      )
    }, 60_000)

    afterAll(async () => {
      for (const instance of instances ?? []) instance.process.kill('SIGKILL')
      await fleet?.close()
      await store?.close()
      await place?.remove()
    })

    /** `CALLS` concurrent getToken calls, round-robin over `through` and over the merchants. */
    function callConcurrently(through: FleetInstance[]) {
      return Promise.all(
        Array.from({ length: CALLS }, (_, i) => {
          const authAppId = fleet.merchants[i % MERCHANTS]!
          return through[i % through.length]!.getToken(authAppId).then((r) => ({ authAppId, ...r }))
        }),
      )
    }

    /** Every caller got its merchant's stored token, a new one, alive at the emulator. */
    async function expectEveryCallerHasTheNewLiveToken(
      results: Awaited<ReturnType<typeof callConcurrently>>,
      before: MerchantToken[],
    ) {
      expect(results.filter((result) => result.status !== 200)).toEqual([])
      const current = new Map((await store.list()).map((r) => [r.authAppId, r.appAuthToken]))
      const old = new Map(before.map((record) => [record.authAppId, record.appAuthToken]))
      for (const { authAppId, token } of results) {
        expect(token).toBe(current.get(authAppId))
        expect(token).not.toBe(old.get(authAppId))
      }
      const live = await Promise.all([...current.values()].map((token) => isLive(auth, token)))
      expect(live.every(Boolean)).toBe(true)
      // The emulator keeps no grace period here, so a replaced token is dead: the check above bites.
      expect(await isLive(auth, before[0]!.appAuthToken)).toBe(false)
    }

    const refreshTokensOf = (records: MerchantToken[]) =>
      records.map((record) => record.appRefreshToken).sort()

    it('sends exactly one refresh per expiring merchant to the gateway for 4 × 1,250 concurrent getToken calls', async () => {
      const before = await expireAll(store, Date.now() + DAY)
      fleet.refreshTokensReceived.length = 0
      const results = await callConcurrently(instances)
      const log = await fleet.emulator.admin.requests()
      expect(log.filter((entry) => entry.grant_type === 'refresh_token')).toHaveLength(MERCHANTS)
      expect([...fleet.refreshTokensReceived].sort()).toEqual(refreshTokensOf(before))
      await expectEveryCallerHasTheNewLiveToken(results, before)
    }, 120_000)

    it('takes over the refreshes of an instance killed mid-refresh once its leases expire', async () => {
      const before = await expireAll(store, Date.now() + DAY)
      fleet.refreshTokensReceived.length = 0
      // The victim's refresh requests are held at the gateway until long after it is dead.
      await fleet.emulator.admin.faults({
        kind: 'latency',
        method: 'alipay.open.auth.token.app',
        latency_ms: 3 * LEASE_MS,
        times: MERCHANTS,
      })
      const [victim, ...survivors] = instances
      for (const authAppId of fleet.merchants) victim!.getToken(authAppId).catch(() => undefined)
      await until(() => fleet.refreshTokensReceived.length === MERCHANTS)
      const calls = callConcurrently(survivors)
      victim!.process.kill('SIGKILL')
      const results = await calls
      const fromSurvivors = fleet.refreshTokensReceived.slice(MERCHANTS)
      expect(fromSurvivors.sort()).toEqual(refreshTokensOf(before))
      await expectEveryCallerHasTheNewLiveToken(results, before)
    }, 120_000)
  },
)

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('condition not met within 10 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
