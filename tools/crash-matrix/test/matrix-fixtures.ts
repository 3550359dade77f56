import { afterAll, beforeAll } from 'vitest'
import { RedisServer } from '../src/redis-server.js'

/**
 * For a test file: a `redis-server` of its own (see RedisServer), and `cleanups` run last-first
 * once the file is done, the server's own stop last of all.
 */
export function useMatrixFixtures(): {
  readonly redis: RedisServer
  cleanups: Array<() => Promise<unknown>>
} {
  const cleanups: Array<() => Promise<unknown>> = []
  let redis: RedisServer | undefined
  beforeAll(async () => {
    const started = await RedisServer.start()
    redis = started
    cleanups.push(() => started.stop())
  }, 30_000)
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
  })
  return {
    get redis() {
      if (redis === undefined) throw new Error('redis-server starts before the tests')
      return redis
    },
    cleanups,
  }
}
