/**
 * The crash matrix (issue: never lose a merchant). For each adapter (Fastify, Koa) and store
 * (FileStore, RedisStore on a `redis-server` this test starts on its own port, AOF fsynced on
 * every write; PostgresStore and MySqlStore in a database of their own on the local servers): an
 * app process refreshes every merchant in a loop while the emulator holds back each rotation's
 * answer, and is SIGKILLed at fixed moments, three times over (for Redis, its
 * server is SIGKILLed and restarted mid-load too). Then a fresh app finishes what was left
 * unfinished, the emulator's clock passes the grace in which a spent refresh token still answers,
 * and every merchant must answer Query and Refresh. Needs `redis-server` on PATH.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStore } from '@alipay-isv/core'
import { RedisStore } from '@alipay-isv/core/redis'
import { makeTestPlace, openSharedStore } from '@alipay-isv/fleet'
import type { RunningMockAlipay } from '@alipay-isv/mock-alipay'
import { describe, expect, it } from 'vitest'
import type { MatrixAppConfig } from '../src/matrix-config.js'
import { REFRESH_GRACE_SECONDS, startMatrixEmulator, TOKEN_METHOD } from '../src/matrix-emulator.js'
import { type MatrixApp, spawnApp } from '../src/spawn-app.js'
import { useMatrixFixtures } from './matrix-fixtures.js'

const MERCHANTS = 6
const ROUNDS = 3
/** Alipay has rotated the pair; its answer is held back this long: the window a kill must hit. */
const ANSWER_DELAY_MS = 250
/** When each round's kill comes, after the load starts: fixed, so every run replays the same. */
const KILL_AFTER_MS = [430, 910, 650, 320, 780]

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
    '%s over a %s store loses no merchant',
    async (adapter, storeKind) => {
      const offset = combinations.findIndex(([a, s]) => a === adapter && s === storeKind)
      const store = await openStore(storeKind)
      const matrix = await startMatrixEmulator(MERCHANTS, store.instance)
      cleanups.push(() => matrix.emulator.close())
      await store.instance.close()
      const config: MatrixAppConfig = { ...matrix.app, adapter, store: store.config }
      const { emulator } = matrix
      await emulator.admin.faults({
        kind: 'latency',
        method: TOKEN_METHOD,
        latency_ms: ANSWER_DELAY_MS,
        after_handling: true,
      })

      let finished = 0
      for (let round = 0; round < ROUNDS; round++) {
        const app = await spawnApp(config)
        finished += (await app.call('GET', '/matrix/ready')).body.finished ?? 0
        const load = refreshLoops(app, matrix.merchants)
        const killAfterMs = KILL_AFTER_MS[(offset + round) % KILL_AFTER_MS.length]!
        await pause(killAfterMs)
        if (storeKind === 'redis' && round === 1) await restartRedisMidLoad(killAfterMs)
        await app.kill()
        await load
      }

      const app = await spawnApp(config)
      cleanups.push(() => app.kill())
      finished += (await app.call('GET', '/matrix/ready')).body.finished ?? 0
      // The kills landed between Alipay's rotation and the store's write: refreshes were redone.
      expect(finished).toBeGreaterThan(0)
      await passTheGrace(emulator)
      for (const authAppId of matrix.merchants) {
        const queried = await app.call('POST', `/matrix/query/${authAppId}`)
        expect(queried, authAppId).toMatchObject({ status: 200, body: { status: 'valid' } })
        const refreshed = await app.call('POST', `/matrix/refresh/${authAppId}`)
        expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200)
        expect(refreshed.body.token).toBe(matrix.currentToken(authAppId))
      }
    },
    120_000,
  )
})

async function openStore(kind: (typeof combinations)[number][1]) {
  if (kind === 'file') {
    const dir = await mkdtemp(join(tmpdir(), 'crash-matrix-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    return { instance: await FileStore.open({ dir }), config: { kind, dir } as const }
  }
  if (kind === 'postgres' || kind === 'mysql') {
    const place = await makeTestPlace(kind)
    cleanups.push(() => place.remove())
    return { instance: await openSharedStore(place.config), config: place.config }
  }
  const keyPrefix = `crash-matrix:${randomUUID()}:`
  const instance = new RedisStore({ url: fixtures.redis.url, keyPrefix })
  return { instance, config: { kind, url: fixtures.redis.url, keyPrefix } as const }
}

/** Refreshes every merchant over and over through the app, until the app dies. */
async function refreshLoops(app: MatrixApp, merchants: string[]): Promise<void> {
  await Promise.all(
    merchants.map(async (authAppId) => {
      for (;;) {
        const { status } = await app.call('POST', `/matrix/refresh/${authAppId}`)
        if (status === 0) return
        // Refused while Redis is away: try again shortly, as a user pressing Refresh would.
        if (status !== 200) await pause(50)
      }
    }),
  )
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
