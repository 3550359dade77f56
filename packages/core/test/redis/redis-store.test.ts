import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RedisStore } from '../../src/redis.js'
import { describeStoreConformance } from '../../src/testing/index.js'
import { REDIS_URL, redisContents, useRedisTestPrefix } from './redis-test-keys.js'

const { prefix } = useRedisTestPrefix()

let keyPrefix = ''
describeStoreConformance(
  'RedisStore',
  async (clock) => {
    keyPrefix = prefix()
    return new RedisStore({ url: REDIS_URL, keyPrefix, clock })
  },
  { describe, it, beforeEach, afterEach },
  { rawContents: () => redisContents(keyPrefix) },
)

describe('RedisStore options', () => {
  it('refuses to be built without a client or a URL, saying which option to pass', () => {
    expect(() => new RedisStore({})).toThrow(/exactly one of `client`.*or `url`/)
  })
})
