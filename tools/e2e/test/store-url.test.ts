import { startExample } from '@alipay-isv/demo'
import { makeTestPlace, openSharedStore, type SharedStoreKind } from '@alipay-isv/fleet'
import { describe, expect, it } from 'vitest'
import { configuredEnv, startFailure } from './support/startup.js'
import { STARTUP_TIMEOUT_MS } from './support/world.js'

/** A whole configuration with the store `ALIPAY_STORE_URL` names. */
const exampleEnv = (storeUrl: string) => configuredEnv({ ALIPAY_STORE_URL: storeUrl })

const MERCHANT = {
  authAppId: '2021000000000077',
  userId: '2088000000000077',
  appAuthToken: 'stored-access',
  appRefreshToken: 'stored-refresh',
  expiresAt: Date.now() + 365 * 24 * 3600_000,
  refreshExpiresAt: Date.now() + 372 * 24 * 3600_000,
  authorizedAt: Date.now(),
  updatedAt: Date.now(),
  status: 'active' as const,
  via: 'browser' as const,
}

describe.each(['fastify', 'koa'] as const)('example-%s over ALIPAY_STORE_URL', (name) => {
  // Redis is left out: over a URL the example uses the default key prefix, shared by whatever
  // else runs on this Redis; the crash matrix runs each example over a Redis URL of its own
  // redis-server, and the fleet covers RedisStore.
  it.each(['postgres', 'mysql'] as SharedStoreKind[])(
    'lists the merchants kept in %s',
    async (kind) => {
      const place = await makeTestPlace(kind)
      try {
        const store = await openSharedStore(place.config)
        await store.set(MERCHANT)
        await store.close()
        const example = await startExample(name, { env: exampleEnv(place.config.url) })
        try {
          const page = await fetch(`${example.url}/merchants`)
          expect(page.status).toBe(200)
          expect(await page.text()).toContain(MERCHANT.authAppId)
        } finally {
          await example.stop()
        }
      } finally {
        await place.remove()
      }
    },
    STARTUP_TIMEOUT_MS * 2,
  )

  it(
    'refuses a database it cannot reach in a readable message naming the variable',
    async () => {
      const message = await startFailure(name, exampleEnv('postgres://postgres@127.0.0.1:1/app'))
      expect(message).toContain('exited (1)')
      expect(message).not.toMatch(/^\s+at /m)
      expect(message).toContain('PostgreSQL at 127.0.0.1:1/app is unreachable')
      expect(message).toContain('ALIPAY_STORE_URL chooses the store')
    },
    STARTUP_TIMEOUT_MS,
  )
})
