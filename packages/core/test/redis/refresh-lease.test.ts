import { describe, expect, it } from 'vitest'
import { RedisStore } from '../../src/redis.js'
import { sampleMerchantToken } from '../../src/testing/sample-records.js'
import { describeRefreshCoordination } from '../stores/refresh-coordination-cases.js'
import { REDIS_URL, useRedisTestPrefix } from './redis-test-keys.js'

const { prefix } = useRedisTestPrefix()
const MERCHANT = '2021000000000001'

describeRefreshCoordination('RedisStore', {
  namespace: prefix,
  open: (keyPrefix, options) => new RedisStore({ url: REDIS_URL, keyPrefix, ...options }),
})

describe('RedisStore key prefix', () => {
  it('keeps stores with different prefixes apart on one Redis', async () => {
    const staging = new RedisStore({ url: REDIS_URL, keyPrefix: prefix() })
    const production = new RedisStore({ url: REDIS_URL, keyPrefix: prefix() })
    try {
      await staging.set(sampleMerchantToken(MERCHANT))
      expect(await production.get(MERCHANT)).toBeUndefined()
      expect(await production.list()).toEqual([])
    } finally {
      await Promise.all([staging.close(), production.close()])
    }
  })
})
