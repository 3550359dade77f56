import { randomUUID } from 'node:crypto'
import { AlipayStoreUnavailableError } from '@alipay-isv/core'
import { RedisStore } from '@alipay-isv/core/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisServer } from '../src/redis-server.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await RedisServer.start()
}, 30_000)
afterAll(() => redis?.stop())

/** A guard, not a measure: a loaded machine restarts Redis and reconnects in seconds, not in 20. */
const RESTART_TEST_TIMEOUT_MS = 60_000

const merchant = {
  authAppId: '2021000000000001',
  userId: '2088000000000001',
  appAuthToken: 'access',
  appRefreshToken: 'refresh',
  expiresAt: 2,
  refreshExpiresAt: 3,
  authorizedAt: 1,
  updatedAt: 1,
  status: 'active' as const,
  via: 'browser' as const,
}

describe('RedisStore through a Redis restart (AOF, appendfsync always)', () => {
  it(
    'fails fast with a typed error while Redis is down, and works again with every acknowledged write once it is back',
    async () => {
      const store = new RedisStore({
        url: redis.url,
        keyPrefix: `recovery:${randomUUID()}:`,
        commandTimeoutMs: 500,
      })
      try {
        await store.set(merchant)
        await redis.kill()
        const failure = await store.get(merchant.authAppId).catch((error: unknown) => error)
        expect(failure).toBeInstanceOf(AlipayStoreUnavailableError)
        await redis.restart()
        let back: unknown
        for (let attempt = 0; attempt < 100 && back === undefined; attempt++) {
          back = await store.get(merchant.authAppId).catch(() => undefined)
          if (back === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
        }
        expect(back).toEqual(merchant)
      } finally {
        await store.close()
      }
    },
    RESTART_TEST_TIMEOUT_MS,
  )
})
