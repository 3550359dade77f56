import { expect, it } from 'vitest'
import { RedisServer } from '../src/redis-server.js'

it('stops a redis-server that was already killed (a test failing between kill and restart)', async () => {
  const redis = await RedisServer.start()
  await redis.kill()
  await redis.kill()
  await expect(redis.stop()).resolves.toBeUndefined()
}, 30_000)
