import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RedisStore } from '../../src/redis.js'
import { describeStoreConformance } from '../../src/testing/index.js'
import { REDIS_URL, useRedisTestPrefix } from './redis-test-keys.js'

const { prefix } = useRedisTestPrefix()

describeStoreConformance(
  'RedisStore',
  async (clock) => new RedisStore({ url: REDIS_URL, keyPrefix: prefix(), clock }),
  { describe, it, beforeEach, afterEach },
)

describe('RedisStore options', () => {
  it('refuses to be built without a client or a URL, saying which option to pass', () => {
    expect(() => new RedisStore({})).toThrow(/exactly one of `client`.*or `url`/)
  })
})
