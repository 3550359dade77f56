/**
 * The crash matrix (issue: never lose a merchant). For each example (`apps/example-fastify`,
 * `apps/example-koa`, run as an ISV runs them: a process configured by environment variables)
 * and store (a FileStore in `ALIPAY_DATA_DIR`; through `ALIPAY_STORE_URL`, a RedisStore on a
 * `redis-server` this test starts on its own port, AOF fsynced on every write, and a
 * PostgresStore and a MySqlStore in a database of their own on the local servers): the example's
 * Refresh button is pressed for every merchant in a loop while the emulator holds back each
 * rotation's answer, and the example is SIGKILLed at fixed moments, three times over (for Redis,
 * its server is SIGKILLed and restarted mid-load too). Each start finishes what the last left
 * unfinished and says so in its log; then the emulator's clock passes the grace in which a spent
 * refresh token still answers, and every merchant must answer Query and Refresh. Needs
 * `redis-server` on PATH.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore } from '@alipay-isv/core'
import { RedisStore } from '@alipay-isv/core/redis'
import { tokenFingerprint } from '@alipay-isv/example-kit'
import { makeTestPlace, openSharedStore } from '@alipay-isv/fleet'
import type { RunningMockAlipay } from '@alipay-isv/mock-alipay'
import { describe, expect, it } from 'vitest'
import {
  type ExampleApp,
  type ExampleStoreConfig,
  type InterruptedRefreshes,
  startExampleApp,
} from '../src/example-app.js'
import { REFRESH_GRACE_SECONDS, startMatrixEmulator, TOKEN_METHOD } from '../src/matrix-emulator.js'
import { useMatrixFixtures } from './matrix-fixtures.js'

const MERCHANTS = 6
const ROUNDS = 3
/** Alipay has rotated the pair; its answer is held back this long: the window a kill must hit. */
const ANSWER_DELAY_MS = 250
/** When each round's kill comes, after the load starts: fixed, so every run replays the same. */
const KILL_AFTER_MS = [430, 910, 650, 320, 780]
/**
 * Each merchant's presses start this long after the previous one's. Pressed in step, every
 * merchant would wait for Alipay at the same moments and have the page rendered at the same
 * others, and a kill in the latter would leave nothing unfinished.
 */
const STAGGER_MS = 50

const fixtures = useMatrixFixtures()
const { cleanups } = fixtures

const combinations = [
  ['fastify', 'file'],
  ['koa', 'file'],
  ['fastify', 'redis'],
  ['koa', 'redis'],
  ['fastify', 'postgres'],
  ['koa', 'postgres'],
  ['fastify', 'mysql'],
  ['koa', 'mysql'],
] as const

describe('crash matrix: SIGKILL mid-refresh at fixed moments, restart, clock past the grace', () => {
  it.each(combinations)(
    'example-%s over a %s store loses no merchant',
    async (example, storeKind) => {
      const offset = combinations.findIndex(([e, s]) => e === example && s === storeKind)
      const store = await openStore(storeKind, offset)
      const matrix = await startMatrixEmulator(MERCHANTS, store.instance)
      cleanups.push(() => matrix.emulator.close())
      await store.instance.close()
      const config = { example, app: matrix.app, store: store.config }
      const { emulator } = matrix
      await emulator.admin.faults({
        kind: 'latency',
        method: TOKEN_METHOD,
        latency_ms: ANSWER_DELAY_MS,
        after_handling: true,
      })

      // What each start finished, and how the presses of Refresh before each kill were answered.
      const starts: InterruptedRefreshes[] = []
      const presses: Array<Record<number, number>> = []
      for (let round = 0; round < ROUNDS; round++) {
        const app = await startExampleApp(config)
        starts.push(await app.interrupted)
        const load = refreshLoops(app, matrix.merchants)
        const killAfterMs = KILL_AFTER_MS[(offset + round) % KILL_AFTER_MS.length]!
        await pause(killAfterMs)
        if (storeKind === 'redis' && round === 1) await restartRedisMidLoad(killAfterMs)
        await app.kill()
        presses.push(await load)
      }

      const app = await startExampleApp(config)
      cleanups.push(() => app.kill())
      starts.push(await app.interrupted)
      // The kills landed between Alipay's rotation and the store's write: refreshes were redone.
      const finished = starts.reduce((sum, start) => sum + start.finished, 0)
      expect(finished, JSON.stringify({ starts, presses })).toBeGreaterThan(0)
      await passTheGrace(emulator)
      for (const authAppId of matrix.merchants) {
        const queried = await app.press('query', authAppId)
        expect(queried, authAppId).toEqual({ status: 200, tokenStatus: 'valid' })
        const refreshed = await app.press('refresh', authAppId)
        expect(refreshed, authAppId).toEqual({
          status: 200,
          fingerprint: tokenFingerprint(matrix.currentToken(authAppId) ?? ''),
        })
      }
    },
    120_000,
  )
})

/**
 * The store a combination's example opens, and the same store for the test to seed. Over a URL
 * the example uses the store's default key or table prefix: for Redis, each combination has a
 * database of the test's own server to itself.
 */
async function openStore(kind: (typeof combinations)[number][1], offset: number) {
  if (kind === 'file') {
    const dir = await mkdtemp(join(tmpdir(), 'crash-matrix-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const config: ExampleStoreConfig = { kind, dir }
    return { instance: await FileStore.open({ dir }), config }
  }
  if (kind === 'postgres' || kind === 'mysql') {
    const place = await makeTestPlace(kind)
    cleanups.push(() => place.remove())
    // Its tables have the prefix the example's store uses by default, `alipay_isv_`.
    const config: ExampleStoreConfig = { kind, url: place.config.url }
    return { instance: await openSharedStore(place.config), config }
  }
  const url = `${fixtures.redis.url}/${offset}`
  const config: ExampleStoreConfig = { kind, url }
  return { instance: new RedisStore({ url }), config }
}

/**
 * Presses Refresh for every merchant over and over, until the example dies; resolves to how many
 * answers had each status (0: the example was dead).
 */
async function refreshLoops(app: ExampleApp, merchants: string[]): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {}
  await Promise.all(
    merchants.map(async (authAppId, index) => {
      await pause(index * STAGGER_MS)
      for (;;) {
        const { status } = await app.press('refresh', authAppId)
        statuses[status] = (statuses[status] ?? 0) + 1
        if (status === 0) return
        // Refused while Redis is away: try again shortly, as a user pressing Refresh would.
        if (status !== 200) await pause(50)
      }
    }),
  )
  return statuses
}

/** Redis SIGKILLed while refreshes are in flight, and started again on the same AOF. */
async function restartRedisMidLoad(thenMs: number): Promise<void> {
  await fixtures.redis.kill()
  await pause(500)
  await fixtures.redis.restart()
  await pause(thenMs)
}

async function passTheGrace(emulator: RunningMockAlipay): Promise<void> {
  await emulator.admin.clearFaults()
  await emulator.admin.advanceClock(2 * REFRESH_GRACE_SECONDS)
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
