import { describe, expect, it } from 'vitest'
import { RedisStore } from '../../src/redis.js'
import { describeStoreConformance } from '../stores/conformance.js'
import { REDIS_URL, useRedisTestPrefix } from './redis-test-keys.js'

const { prefix } = useRedisTestPrefix()

describeStoreConformance(
  'RedisStore',
  async (clock) => new RedisStore({ url: REDIS_URL, keyPrefix: prefix(), clock }),
)

describe('RedisStore options', () => {
  it('refuses to be built without a client or a URL, saying which option to pass', () => {
    expect(() => new RedisStore({})).toThrow(/exactly one of `client`.*or `url`/)
  })
})
